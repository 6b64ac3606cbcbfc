/**
 * What the web console shows that no other API gives in one call: each dataset's newest ready version with its
 * split counts and verification outcome, read from the store; and its way to the dataset-service for imports
 * and deletes (the checked import options and the client of the one configured dataset-service URL).
 */
package io.sightline.trainer.console;
