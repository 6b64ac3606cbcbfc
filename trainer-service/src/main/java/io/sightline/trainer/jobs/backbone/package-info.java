/**
 * Base models of transfer learning: {@link io.sightline.trainer.jobs.backbone.Backbones} turns a registered
 * Sightline model, or a TorchScript file or URL that the {@link io.sightline.trainer.jobs.backbone.BackbonePolicy}
 * allows, into the network to train; {@link io.sightline.trainer.jobs.backbone.BackboneReference} reads a reference
 * and its SHA-256 pin; {@link io.sightline.trainer.jobs.backbone.BackboneDownload} fetches a URL on the worker over
 * {@link io.sightline.trainer.jobs.backbone.PinnedHttpGet} (the address checked by
 * {@link io.sightline.trainer.jobs.backbone.RefusedAddresses} is the one connected to) within fixed limits.
 */
package io.sightline.trainer.jobs.backbone;
