package io.sightline.trainer.jobs.backbone;

import io.sightline.events.TrainingParameters;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.Network;
import io.sightline.trainer.training.TrainingFailure;
import io.sightline.trainer.training.TransferNetwork;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.ModelArtifact;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.sightline.trainer.jobs.queue.ParameterRules;

/**
 * Turns a job's {@code architecture} and {@code baseModel} into the {@link Network} to train and the input
 * signature it takes. A base model is a registered model ({@code name} = its champion, else its newest version;
 * {@code name:version}) or a TorchScript feature extractor: a file path, {@code file:} URI or {@code http(s):}
 * URL (anything with a {@code /} or ending in {@code .pt}). A TorchScript file is loaded and given one image of
 * the job's size before training, before queueing too when it is on this machine (a URL is then only asked for
 * its status: the download waits for the worker).
 */
public final class Backbones {

    /** ImageNet normalisation, which TorchScript backbones (torchvision) expect. */
    static final List<Float> IMAGENET_MEAN = List.of(0.485f, 0.456f, 0.406f);
    static final List<Float> IMAGENET_STD = List.of(0.229f, 0.224f, 0.225f);

    private final ArtifactStore store;
    private final PublishedModels registry;
    private final BackboneDownload download;

    public Backbones(ArtifactStore store, PublishedModels registry) {
        this(store, registry, BackboneDownload.DEFAULT);
    }

    Backbones(ArtifactStore store, PublishedModels registry, BackboneDownload download) {
        this.store = store;
        this.registry = registry;
        this.download = download;
    }

    /** What to train and the input it takes. */
    public record Resolved(Network network, ImageSignature signature, String baseModel) {
    }

    /** A registered base model version. */
    record SightlineBase(String model, String version, Path dir, ArchitectureSpec architecture,
                         ImageSignature signature) {
        String reference() {
            return model + ":" + version;
        }
    }

    static boolean isTorchScript(String baseModel) {
        String lower = baseModel.toLowerCase(Locale.ROOT);
        return baseModel.contains("/") || lower.endsWith(".pt") || lower.endsWith(".pth");
    }

    /**
     * Problems of a base model reference, checked before a job is queued: unknown model or version, a file that
     * is not there or is no TorchScript module, a URL that does not answer 2xx, input that does not match the
     * requested image size.
     */
    public List<String> problems(TrainingParameters parameters) {
        if (!ParameterRules.TRANSFER.equals(parameters.architecture()) || parameters.baseModel() == null) {
            return List.of();
        }
        String base = parameters.baseModel();
        if (isTorchScript(base)) {
            if (BackboneDownload.isUrl(base)) {
                return download.problem(base).map(List::of).orElse(List.of());
            }
            try {
                TransferNetwork.checkTorchScript(readable(base), base, torchScriptImageSize(parameters));
                return List.of();
            } catch (TrainingFailure e) {
                return List.of(e.getMessage());
            }
        }
        try {
            SightlineBase resolved = sightline(base);
            int size = resolved.signature().width();
            if (parameters.imageSize() != 0 && parameters.imageSize() != size) {
                return List.of("baseModel " + resolved.reference() + " takes " + size + "×" + size + " input with "
                        + resolved.signature().channels() + " channel(s); imageSize " + parameters.imageSize()
                        + " does not match (leave imageSize out to use the base model's)");
            }
            if (resolved.signature().channels() != 3 || resolved.signature().width() != resolved.signature().height()) {
                return List.of("baseModel " + resolved.reference() + " takes " + resolved.signature().width() + "×"
                        + resolved.signature().height() + "×" + resolved.signature().channels()
                        + " input; transfer needs a square RGB base");
            }
            return List.of();
        } catch (TrainingFailure e) {
            return List.of(e.getMessage());
        }
    }

    /** Resolves a job's network. */
    public Resolved resolve(TrainingParameters parameters, int imageSize, List<String> classes)
            throws TrainingFailure {
        if (!ParameterRules.TRANSFER.equals(parameters.architecture())) {
            ArchitectureSpec spec = ArchitectureSpec.CNN.equals(parameters.architecture())
                    ? ArchitectureSpec.cnn(imageSize, 3, classes.size())
                    : ArchitectureSpec.zoo(parameters.architecture(), imageSize, 3, classes.size());
            return new Resolved(Network.fromScratch(spec), ImageSignature.rgb(imageSize, classes), null);
        }
        String base = parameters.baseModel();
        if (base == null) {
            throw new TrainingFailure("architecture transfer needs a baseModel");
        }
        if (isTorchScript(base)) {
            int size = torchScriptImageSize(parameters);
            ArchitectureSpec spec = ArchitectureSpec.transferFromTorchScript(base, size, classes.size());
            ImageSignature signature = new ImageSignature(size, size, 3, IMAGENET_MEAN, IMAGENET_STD, classes);
            Path file = BackboneDownload.isUrl(base) ? download.fetch(base) : readable(base);
            TransferNetwork.checkTorchScript(file, base, size);
            return new Resolved(TransferNetwork.fromTorchScript(spec, file), signature, base);
        }
        SightlineBase resolved = sightline(base);
        ImageSignature b = resolved.signature();
        ArchitectureSpec spec = ArchitectureSpec.transfer(resolved.architecture(), resolved.reference(), classes.size());
        ImageSignature signature = new ImageSignature(b.width(), b.height(), b.channels(), b.mean(), b.std(), classes);
        return new Resolved(TransferNetwork.fromSightline(spec, resolved.dir()), signature, resolved.reference());
    }

    SightlineBase sightline(String reference) throws TrainingFailure {
        int colon = reference.lastIndexOf(':');
        String model = colon < 0 ? reference : reference.substring(0, colon);
        String version = colon < 0 ? null : reference.substring(colon + 1);
        try {
            if (!StoreKeys.isValidName(model) || registry.versions(model).isEmpty()) {
                throw new TrainingFailure("baseModel " + reference + ": there is no model " + model);
            }
            if (version == null) {
                Optional<Champion> champion = registry.champion(model);
                List<String> versions = registry.versions(model);
                version = champion.map(Champion::version).orElse(versions.get(versions.size() - 1));
            } else if (!registry.exists(model, version)) {
                throw new TrainingFailure("baseModel " + reference + ": model " + model + " has no version " + version);
            }
            Path dir = store.localFolder(StoreKeys.modelVersion(model, version));
            return new SightlineBase(model, version, dir, ModelArtifact.readArchitecture(dir),
                    ModelArtifact.readSignature(dir));
        } catch (IOException e) {
            throw new TrainingFailure("baseModel " + reference + " could not be read from the store: " + e.getMessage(), e);
        }
    }

    private static int torchScriptImageSize(TrainingParameters parameters) {
        return parameters.imageSize() > 0 ? parameters.imageSize()
                : ArchitectureSpec.defaultImageSize(ArchitectureSpec.TRANSFER);
    }

    /** A TorchScript file on this machine, given as a path or {@code file:} URI. */
    private static Path readable(String reference) throws TrainingFailure {
        Path file;
        try {
            file = reference.startsWith("file:") ? Path.of(URI.create(reference)) : Path.of(reference);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new TrainingFailure("baseModel " + reference + " is not a valid file path or file: URI: "
                    + e.getMessage(), e);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new TrainingFailure("baseModel " + reference + " is not a readable TorchScript file on the trainer");
        }
        return file;
    }
}
