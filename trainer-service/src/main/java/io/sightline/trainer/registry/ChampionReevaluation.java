package io.sightline.trainer.registry;

import ai.djl.MalformedModelException;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.training.SplitEvaluator;
import io.sightline.trainer.training.SplitImages;
import io.sightline.trainer.training.TrainingFailure;
import io.sightline.trainer.training.TrainingImages;
import io.sightline.vision.Classifier;
import io.sightline.vision.ModelArtifact;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Measures a model's champion again on the test split a new version was measured on, so the promotion gate
 * compares the two on the same images (the accuracy the champion recorded came from its own dataset version). It
 * runs the champion as it serves, through the same {@link SplitEvaluator} that measures every trained version.
 */
public final class ChampionReevaluation {

    private static final Logger LOG = Logger.getLogger(ChampionReevaluation.class);

    /** Images per forward pass of the champion. */
    private static final int BATCH_SIZE = 64;

    private final ArtifactStore store;
    private final PublishedModels models;

    public ChampionReevaluation(ArtifactStore store, PublishedModels models) {
        this.store = store;
        this.models = models;
    }

    /** The version the model's champion is now; empty when it has none or its record cannot be read. */
    public Optional<String> championVersion(String model) {
        try {
            return models.champion(model).map(Champion::version);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The champion's accuracy on the new test split; null when the model has no champion (or its record cannot be
     * read). A champion that cannot be measured gives a comparison that says why.
     */
    public ChampionComparison onTestSplitOf(String model, TrainingImages images) {
        Optional<Champion> champion;
        try {
            champion = models.champion(model);
        } catch (IOException e) {
            return null;
        }
        if (champion.isEmpty()) {
            return null;
        }
        String version = champion.get().version();
        double recorded = champion.get().testAccuracy();
        try (Classifier classifier = ModelArtifact.load(store.localFolder(StoreKeys.modelVersion(model, version)))) {
            if (!classifier.signature().classes().equals(images.signature().classes())) {
                return new ChampionComparison(version, null, recorded, "its classes " + classifier.signature().classes()
                        + " differ from this dataset's " + images.signature().classes());
            }
            SplitImages test = images.testFor(store, classifier.signature());
            double accuracy = SplitEvaluator.ofClassifier(classifier, BATCH_SIZE)
                    .evaluate(test, classifier.signature().classes()).accuracy();
            return new ChampionComparison(version, accuracy, recorded, null);
        } catch (IOException | MalformedModelException | TrainingFailure | RuntimeException e) {
            LOG.warnf("champion %s version %s could not be re-measured: %s", model, version, e.toString());
            return new ChampionComparison(version, null, recorded, "it could not be loaded or run: " + e.getMessage());
        }
    }
}
