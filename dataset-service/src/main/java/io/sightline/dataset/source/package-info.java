/**
 * What a source holds and how it gets here: the symlink-safe scan of a class-per-folder tree, image
 * decoding and its difference hash, the archive extractor and the {@code s3://} download with their
 * entry/key rules and limits, and the rules for class folder names. Originals are only ever read. A source
 * or request that breaks a rule raises {@link io.sightline.dataset.source.InvalidImportException} (a 400).
 */
package io.sightline.dataset.source;
