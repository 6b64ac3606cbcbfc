/**
 * What people read about a run: {@link io.sightline.trainer.report.CurvesSvg} (loss, accuracy and learning rate
 * per epoch), {@link io.sightline.trainer.report.TrainingReport} ({@code report.html}: environment, stage times,
 * hyperparameters, why this architecture, lineage, curves, the diagnosis's findings and confusion matrix), {@link
 * io.sightline.trainer.report.LearningRateSweepSvg} (a range test's loss against rate), and the {@link
 * io.sightline.trainer.report.Environment} a run saw.
 */
package io.sightline.trainer.report;
