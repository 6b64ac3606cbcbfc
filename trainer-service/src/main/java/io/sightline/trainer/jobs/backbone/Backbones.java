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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import io.sightline.trainer.jobs.queue.ParameterRules;

/**
 * Turns a job's {@code architecture} and {@code baseModel} into the {@link Network} to train and the input
 * signature it takes. A base model is a registered model ({@code name} = its champion, else its newest version;
 * {@code name:version}) or, when the {@link BackbonePolicy} allows it, a TorchScript feature extractor: a file in an
 * allowed folder or an {@code http(s)} URL on an allowed host, pinned by its SHA-256 ({@link BackboneReference}).
 * Before a job is queued, a URL is checked for syntax and policy only (nothing is fetched on the request thread); a
 * file is also loaded and given one image of the job's size. The worker checks everything again, since a {@code
 * training.requested} record may come from anywhere that can write to the topic.
 */
public final class Backbones {

    /** ImageNet normalisation, which TorchScript backbones (torchvision) expect. */
    static final List<Float> IMAGENET_MEAN = List.of(0.485f, 0.456f, 0.406f);
    static final List<Float> IMAGENET_STD = List.of(0.229f, 0.224f, 0.225f);

    private final ArtifactStore store;
    private final PublishedModels registry;
    private final BackbonePolicy policy;
    private final BackboneDownload download;

    /** Registered models only. */
    public Backbones(ArtifactStore store, PublishedModels registry) {
        this(store, registry, BackbonePolicy.registeredOnly());
    }

    public Backbones(ArtifactStore store, PublishedModels registry, BackbonePolicy policy) {
        this(store, registry, BackboneDownload.defaults(policy), policy);
    }

    Backbones(ArtifactStore store, PublishedModels registry, BackboneDownload download, BackbonePolicy policy) {
        this.store = store;
        this.registry = registry;
        this.policy = policy;
        this.download = download;
    }

    /**
     * What to train and the input it takes.
     *
     * @param baseModel       the base's origin: {@code name:version}, or the TorchScript URL or file (without its pin)
     * @param baseModelSha256 the SHA-256 of the TorchScript module trained on; null for a registered base
     */
    public record Resolved(Network network, ImageSignature signature, String baseModel, String baseModelSha256) {
    }

    /** A registered base model version. */
    record SightlineBase(String model, String version, Path dir, ArchitectureSpec architecture,
                         ImageSignature signature) {
        String reference() {
            return model + ":" + version;
        }
    }

    /**
     * Why the policy refuses a job's base model, from its text alone: no lookup, no connection, no file access.
     * The worker asks this first, so that a refused record never reaches the network.
     */
    public Optional<String> refusal(TrainingParameters parameters) {
        if (!ParameterRules.TRANSFER.equals(parameters.architecture()) || parameters.baseModel() == null) {
            return Optional.empty();
        }
        try {
            BackboneReference reference = BackboneReference.parse(parameters.baseModel());
            return switch (reference.kind()) {
                case REGISTERED -> Optional.empty();
                case FILE -> policy.fileRefusal(reference.location(), reference.path());
                case URL -> {
                    Optional<String> refused = policy.urlRefusal(reference.location(), reference.uri());
                    if (refused.isEmpty()) {
                        policy.requiredPin(reference);
                    }
                    yield refused;
                }
            };
        } catch (TrainingFailure e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Problems of a base model reference, checked before a job is queued: refused by the policy, unknown model or
     * version, a file that is not there or is no TorchScript module, input that does not match the requested image
     * size. A URL is not contacted: the worker downloads and checks it, and fails the job with the reason.
     */
    public List<String> problems(TrainingParameters parameters) {
        Optional<String> refused = refusal(parameters);
        if (refused.isPresent()) {
            return List.of(refused.get());
        }
        if (!ParameterRules.TRANSFER.equals(parameters.architecture()) || parameters.baseModel() == null) {
            return List.of();
        }
        try {
            BackboneReference reference = BackboneReference.parse(parameters.baseModel());
            if (reference.kind() == BackboneReference.Kind.URL) {
                return List.of();
            }
            if (reference.kind() == BackboneReference.Kind.FILE) {
                BackboneDownload.Landed copy = localCopy(reference);
                try {
                    TransferNetwork.checkTorchScript(copy.file(), reference.location(), torchScriptImageSize(parameters));
                } finally {
                    Files.deleteIfExists(copy.file());
                }
                return List.of();
            }
            return registeredProblems(reference.location(), parameters);
        } catch (TrainingFailure e) {
            return List.of(e.getMessage());
        } catch (IOException e) {
            return List.of("baseModel " + parameters.baseModel() + " could not be checked: " + e.getMessage());
        }
    }

    private List<String> registeredProblems(String base, TrainingParameters parameters) throws TrainingFailure {
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
    }

    /** Resolves a job's network, refusing what the policy does not allow before anything is fetched. */
    public Resolved resolve(TrainingParameters parameters, int imageSize, List<String> classes)
            throws TrainingFailure {
        if (!ParameterRules.TRANSFER.equals(parameters.architecture())) {
            ArchitectureSpec spec = ArchitectureSpec.CNN.equals(parameters.architecture())
                    ? ArchitectureSpec.cnn(imageSize, 3, classes.size())
                    : ArchitectureSpec.zoo(parameters.architecture(), imageSize, 3, classes.size());
            return new Resolved(Network.fromScratch(spec), ImageSignature.rgb(imageSize, classes), null, null);
        }
        if (parameters.baseModel() == null) {
            throw new TrainingFailure("architecture transfer needs a baseModel");
        }
        Optional<String> refused = refusal(parameters);
        if (refused.isPresent()) {
            throw new TrainingFailure(refused.get());
        }
        BackboneReference reference = BackboneReference.parse(parameters.baseModel());
        String base = reference.location();
        if (reference.kind() != BackboneReference.Kind.REGISTERED) {
            int size = torchScriptImageSize(parameters);
            ArchitectureSpec spec = ArchitectureSpec.transferFromTorchScript(base, size, classes.size());
            ImageSignature signature = new ImageSignature(size, size, 3, IMAGENET_MEAN, IMAGENET_STD, classes);
            BackboneDownload.Landed landed = reference.kind() == BackboneReference.Kind.URL
                    ? download.fetch(reference) : localCopy(reference);
            TransferNetwork.checkTorchScript(landed.file(), base, size);
            return new Resolved(TransferNetwork.fromTorchScript(spec, landed.file()), signature, base, landed.sha256());
        }
        SightlineBase resolved = sightline(base);
        ImageSignature b = resolved.signature();
        ArchitectureSpec spec = ArchitectureSpec.transfer(resolved.architecture(), resolved.reference(), classes.size());
        ImageSignature signature = new ImageSignature(b.width(), b.height(), b.channels(), b.mean(), b.std(), classes);
        return new Resolved(TransferNetwork.fromSightline(spec, resolved.dir()), signature, resolved.reference(), null);
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

    /**
     * A private copy of a file backbone the policy allows, verified against its pin if it has one. Every refusal
     * past the folder check reads the same, so the answer never tells whether a path exists: a missing file, a
     * symlink leading out of the folders, a folder or an unreadable file alike.
     */
    private BackboneDownload.Landed localCopy(BackboneReference reference) throws TrainingFailure {
        String name = reference.location();
        Path real;
        try {
            real = reference.path().toRealPath();
        } catch (IOException | SecurityException e) {
            throw unreadable(name);
        }
        if (!policy.inFolders(real) || !Files.isRegularFile(real) || !Files.isReadable(real)) {
            throw unreadable(name);
        }
        return download.copy(name, real, reference.sha256());
    }

    private static TrainingFailure unreadable(String name) {
        return new TrainingFailure("baseModel " + name + " is not a readable TorchScript file on the trainer");
    }
}
