/**
 * Base models of transfer learning: {@link io.sightline.trainer.jobs.backbone.Backbones} turns a registered
 * Sightline model or a TorchScript file or URL into the network to train (checking it before a job is queued), and
 * {@link io.sightline.trainer.jobs.backbone.BackboneDownload} fetches a TorchScript URL within fixed limits.
 */
package io.sightline.trainer.jobs.backbone;
