/**
 * What the web console shows that no other API gives in one call: each dataset's newest ready version
 * with its split counts and verification outcome, read from the store.
 */
package io.sightline.trainer.console;
