/**
 * What people read about a run: {@link io.sightline.trainer.report.CurvesSvg} (loss, accuracy and learning rate
 * per epoch), {@link io.sightline.trainer.report.TrainingReport} ({@code report.html}: environment, stage times,
 * hyperparameters, why this architecture, lineage, curves and confusion matrix), and the {@link
 * io.sightline.trainer.report.Environment} a run saw.
 */
package io.sightline.trainer.report;
