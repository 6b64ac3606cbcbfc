package io.sightline.trainer.jobs.queue;

import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.InvalidJobException;
import java.util.List;

/** Checks of a request's names and of the dataset version it would train on, shared by requests and retrains. */
final class RequestChecks {

    private RequestChecks() {
    }

    /** @throws InvalidJobException when the version cannot train a classifier: classes, training or test images */
    static void requireTrainable(DatasetManifest manifest) {
        String name = "dataset " + manifest.dataset() + " version " + manifest.version();
        if (manifest.classes() == null || manifest.classes().size() < 2) {
            throw new InvalidJobException(name + " has fewer than 2 classes; a classifier needs at least 2");
        }
        if (manifest.entries(DatasetManifest.TRAIN).isEmpty()) {
            throw new InvalidJobException(name + " has no training images");
        }
        if (manifest.entries(DatasetManifest.TEST).isEmpty()) {
            throw new InvalidJobException(name + " has no test images to evaluate on; import it with a testRatio above 0");
        }
    }

    static void requireName(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else if (!StoreKeys.isValidName(value)) {
            problems.add(field + " must be 1-128 letters, digits, '.', '_' or '-' starting with a letter or digit, got: "
                    + value);
        }
    }
}
