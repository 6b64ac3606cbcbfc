/**
 * The whole platform run locally: a generated dataset ({@link io.sightline.e2e.ShapesDataset}), the
 * packaged services as processes ({@link io.sightline.e2e.LocalStack}), a REST client for them, and the
 * {@link io.sightline.e2e.Demo} the README's first command runs.
 */
package io.sightline.e2e;
