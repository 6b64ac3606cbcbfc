/**
 * The import pipeline behind {@link io.sightline.dataset.importing.DatasetImporter}: ingest (scan, read each
 * file once, plan the split), blob copy, the verification of the copy against the originals with its
 * findings, and the atomic publication of manifest and report. The stages work on a
 * {@link io.sightline.dataset.importing.Staging} so a test can tamper with the copy before the check.
 * Also here: the request check that yields an {@code ImportSpec}, the progress shown while an import runs,
 * and {@code verification.json}'s record.
 */
package io.sightline.dataset.importing;
