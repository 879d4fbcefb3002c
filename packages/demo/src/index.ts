/**
 * A demo world for psa-bridge: one call starts the ConnectWise, Autotask, HaloPSA and GoTo simulators on
 * loopback ports with data that tell one story (found, none and multiple matches, a second PSA,
 * contacts without names, duplicates, bad emails, an existing GoTo user). Used by the quickstart,
 * the examples and the docs, and by apps' own tests.
 *
 * @module
 */
export { autotaskStory } from './autotask-story.js';
export { connectWiseStory } from './connectwise-story.js';
export {
  createDemoWorld,
  type DemoPsa,
  type DemoWorld,
  type DemoWorldOptions,
} from './create-demo-world.js';
export { gotoStory } from './goto-story.js';
export { haloStory } from './halo-story.js';
export { largePartnerNames } from './large-partner.js';
export { ACME_STAFF } from './staff.js';
