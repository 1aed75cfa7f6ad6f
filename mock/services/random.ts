/**
 * Every random choice the mock makes, behind one interface: ids, nonces,
 * pseudonyms, addresses. From @faker-js/faker, so `--seed` makes a run reproducible.
 */
import type { Faker } from '@faker-js/faker';
// The English-only entry point: the package's main one loads every locale,
// which costs more start-up time than the rest of the mock together.
import { faker as englishFaker } from '@faker-js/faker/locale/en';

// That entry exports one shared instance; each source needs its own seed, hence its own instance.
const FakerClass = englishFaker.constructor as typeof Faker;

import type { RandomSource } from '../world/world.ts';

export type { RandomSource };

export function createRandomSource(seed?: number): RandomSource {
  const faker = new FakerClass({ locale: englishFaker.rawDefinitions });
  const reseed = () => (seed === undefined ? faker.seed() : faker.seed(seed));
  reseed();
  const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  return {
    uuid: () => faker.string.uuid(),
    int: (max) => faker.number.int({ min: 0, max }),
    pseudonym: () => `${capitalise(faker.word.adjective())} ${capitalise(faker.animal.type())}`,
    address: () => faker.finance.ethereumAddress().toLowerCase(),
    reseed,
  };
}
