package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The store on a local (or shared, ReadWriteMany) filesystem. Every write goes to {@code tmp/} first and
 * is renamed into place, which is atomic on one filesystem: readers never see partial files.
 *
 * <p>Blobs are loose files {@code blobs/<2 hex>/<sha256>}, or — when written through a {@link #newBlobBatch()}
 * and no bigger than {@link #packBlobsUpTo()} — records in pack files {@code blobs/packs/<sha256>.pack}, each
 * visible once its index {@code <sha256>.idx} exists (written last). Readers look in both; see
 * {@code docs/decisions/007-blob-packs.md}. The garbage collection deletes loose blobs and repacks or deletes packs
 * ({@link FileBlobSweep}); a reader whose pack was removed under it looks again and finds the blob's new pack.
 *
 * <p>Staging a writer abandoned (it was killed mid-write) is removed from {@code tmp/} once nothing touched it for
 * {@link #tmpGrace()}: in the background when the store is opened and hourly after that. Live writers, in this
 * process or another sharing the store, keep their staging touched; see {@link TmpSweep} and
 * {@code docs/decisions/013-store-tmp-sweep.md}.
 */
public final class FileArtifactStore implements ArtifactStore {

    /** Default largest blob a batch packs: bigger ones stay loose files (and can be hard-linked). */
    public static final long DEFAULT_PACK_BLOBS_UP_TO = 1L << 20;
    /** Largest allowed pack threshold: a packed blob is held in memory while it is written and read. */
    public static final long MAX_PACK_BLOBS_UP_TO = 64L << 20;
    /**
     * Default age past which an untouched entry of {@code tmp/} counts as abandoned: a day, long enough that no
     * clock skew between hosts or stall of a shared volume comes near it, short enough that a crashed import's
     * gigabytes do not sit for long.
     */
    public static final Duration DEFAULT_TMP_GRACE = Duration.ofHours(24);
    /**
     * Shortest grace allowed: six times the interval (10 minutes) at which live writers touch their staging.
     * Every process sharing the store must sweep with at least this, or it could take another's live staging.
     */
    public static final Duration MIN_TMP_GRACE = TmpSweep.HEARTBEAT.multipliedBy(6);

    private final Path root;
    private final Path tmp;
    private final long packBlobsUpTo;
    private final Duration tmpGrace;
    private final BlobPacks packs;
    private final CompletableFuture<TmpSweep.Result> sweptOnOpen;

    /** A store that packs batched blobs up to {@link #DEFAULT_PACK_BLOBS_UP_TO} bytes. */
    public FileArtifactStore(Path root) throws IOException {
        this(root, DEFAULT_PACK_BLOBS_UP_TO);
    }

    /**
     * A store whose batches pack blobs up to {@code packBlobsUpTo} bytes; 0 keeps every blob a loose file.
     * Blobs packed by other writers are read either way.
     */
    public FileArtifactStore(Path root, long packBlobsUpTo) throws IOException {
        this(root, packBlobsUpTo, DEFAULT_TMP_GRACE);
    }

    /**
     * A store that also removes staging left in {@code tmp/} once untouched for {@code tmpGrace}, at least
     * {@link #MIN_TMP_GRACE}. Opening starts that sweep in the background and does not wait for it.
     */
    public FileArtifactStore(Path root, long packBlobsUpTo, Duration tmpGrace) throws IOException {
        if (packBlobsUpTo < 0 || packBlobsUpTo > MAX_PACK_BLOBS_UP_TO) {
            throw new IllegalArgumentException("packBlobsUpTo must be 0.." + MAX_PACK_BLOBS_UP_TO + ", got "
                    + packBlobsUpTo);
        }
        if (tmpGrace.compareTo(MIN_TMP_GRACE) < 0) {
            throw new IllegalArgumentException("tmpGrace must be at least " + MIN_TMP_GRACE + ", got " + tmpGrace);
        }
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        this.packBlobsUpTo = packBlobsUpTo;
        this.tmpGrace = tmpGrace;
        Files.createDirectories(tmp);
        Files.createDirectories(this.root.resolve("blobs"));
        this.packs = new BlobPacks(this.root.resolve("blobs").resolve("packs"), tmp);
        this.sweptOnOpen = TmpSweep.start(tmp, tmpGrace);
    }

    /** Largest blob a batch puts into a pack file, in bytes; 0 when batches write loose files only. */
    public long packBlobsUpTo() {
        return packBlobsUpTo;
    }

    /** Age past which an untouched entry of {@code tmp/} is removed as abandoned. */
    public Duration tmpGrace() {
        return tmpGrace;
    }

    /** The sweep of {@code tmp/} started when this store was opened. */
    CompletableFuture<TmpSweep.Result> sweptOnOpen() {
        return sweptOnOpen;
    }

    /** The store's root folder. */
    public Path root() {
        return root;
    }

    @Override
    public URI uri() {
        return root.toUri();
    }

    @Override
    public BlobRef putBlob(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return putBlob(in);
        }
    }

    @Override
    public BlobRef putBlob(InputStream content) throws IOException {
        Path staged = TmpSweep.hold(tmp.resolve("blob-" + UUID.randomUUID())); // the stream may stall
        try {
            BlobRef copied = Sha256.copy(content, staged);
            packs.refresh(); // a pack a collection removed must not count as storing this content
            if (packs.find(copied.sha256(), true) != null) {
                Files.delete(staged); // written once: packed already
            } else {
                placeLooseBlob(staged, copied.sha256());
            }
            return copied;
        } finally {
            TmpSweep.release(staged);
        }
    }

    /** Renames a staged file to the loose blob {@code sha256} unless that exists (then the file is deleted). */
    void placeLooseBlob(Path staged, String sha256) throws IOException {
        Path target = blobPath(sha256);
        if (Files.exists(target)) {
            Files.delete(staged); // written once: same content, same blob
        } else {
            Files.createDirectories(target.getParent());
            moveAtomically(staged, target, true);
        }
    }

    /** Packs small blobs (see {@link #packBlobsUpTo()}); they become visible together on commit. */
    @Override
    public BlobBatch newBlobBatch() throws IOException {
        packs.refresh(); // packs other processes committed up to now count as stored
        return new PackedBlobBatch(this, packBlobsUpTo, looseFolders());
    }

    /** The fan-out folders of loose blobs ({@code blobs/<two hex digits>/}) there are now. */
    private Set<String> looseFolders() throws IOException {
        Set<String> folders = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve("blobs"))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.length() == 2) {
                    folders.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            // no blob yet
        }
        return folders;
    }

    /**
     * {@link #hasBlob} as of a batch's start: packs as of the last look (at the latest when the batch started), loose
     * blobs only in the fan-out folders there were ({@code looseFolders}). A batch asks for every blob it is given:
     * into a fresh store, a dataset import's tens of thousands of small images cost no file lookup each. Content
     * another process stores meanwhile costs only a duplicate record, never a missing blob.
     */
    boolean storedAsOfBatchStart(String sha256, Set<String> looseFolders) {
        return packs.find(sha256, false) != null
                || looseFolders.contains(sha256.substring(0, 2)) && Files.isRegularFile(blobPath(sha256));
    }

    @Override
    public boolean hasBlob(String sha256) {
        return Sha256.isHex(sha256) && (packs.find(sha256, false) != null || Files.isRegularFile(blobPath(sha256))
                || packs.find(sha256, true) != null);
    }

    @Override
    public InputStream openBlob(String sha256) throws IOException {
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 digest: " + sha256);
        }
        BlobPacks.Location packed = packs.find(sha256, false);
        if (packed == null) {
            try {
                return Files.newInputStream(blobPath(sha256));
            } catch (NoSuchFileException e) {
                packed = packs.find(sha256, true);
                if (packed == null) {
                    throw e;
                }
            }
        }
        return openPacked(sha256, packed);
    }

    /**
     * Packed blobs are read pack by pack in file order (one read for many neighbouring records); loose ones, and
     * any not packed as of the last look, one by one as {@link #openBlob} finds them.
     */
    @Override
    public Map<String, BlobDamage> damagedBlobs(List<BlobRef> blobs) throws IOException {
        Map<String, BlobDamage> damaged = new HashMap<>();
        List<BlobPacks.Located> packed = new ArrayList<>(blobs.size());
        List<BlobRef> oneByOne = new ArrayList<>();
        for (BlobRef blob : blobs) {
            BlobPacks.Location at = Sha256.isHex(blob.sha256()) ? packs.find(blob.sha256(), false) : null;
            if (at == null) {
                oneByOne.add(blob);
            } else {
                packed.add(new BlobPacks.Located(blob, at));
            }
        }
        oneByOne.addAll(packs.check(packed, damaged));
        damaged.putAll(ArtifactStore.super.damagedBlobs(oneByOne));
        return damaged;
    }

    /**
     * Reads a packed blob; when its pack was removed after it was found (a collection repacked it: its live blobs
     * are in a newer pack, whose index was written before the old one's was deleted), looks again.
     */
    private InputStream openPacked(String sha256, BlobPacks.Location packed) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return packs.open(packed);
            } catch (NoSuchFileException | ClosedChannelException e) {
                BlobPacks.Location elsewhere = attempt < 5 && !Thread.currentThread().isInterrupted()
                        ? packs.findElsewhere(sha256, packed.pack()) : null;
                if (elsewhere == null) {
                    throw e;
                }
                packed = elsewhere;
            }
        }
    }

    /** The loose file of a blob; empty for a packed blob (a record inside a pack file cannot be linked). */
    @Override
    public Optional<Path> localBlob(String sha256) {
        return Sha256.isHex(sha256) && Files.isRegularFile(blobPath(sha256)) ? Optional.of(blobPath(sha256))
                : Optional.empty();
    }

    private Path blobPath(String sha256) {
        return root.resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Lists the packs again now, dropping those a collection removed (a writer's hold calls it). */
    void forgetRemovedPacks() {
        packs.current();
    }

    Path tmp() {
        return tmp;
    }

    BlobPacks packs() {
        return packs;
    }

    @Override
    public Publication publish(String key) throws IOException {
        Path target = resolve(key);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(key);
        }
        Path staging = Files.createDirectories(tmp.resolve("pub-" + UUID.randomUUID()));
        return StagedPublication.inStoreTmp(key, staging,
                (publishedKey, folder) -> moveIntoPlace(publishedKey, folder, target));
    }

    /** A published folder's commit: one rename, which fails onto an existing non-empty folder, so the first wins. */
    private static void moveIntoPlace(String key, Path staging, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(key);
            }
            throw e;
        }
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path staged = tmp.resolve("file-" + UUID.randomUUID());
        Files.write(staged, content);
        moveAtomically(staged, target, false);
    }

    /**
     * Stages the content, then hard-links it under {@code key}: {@code link(2)} fails when the name exists, in one
     * step, also on NFS (the classic lock-file primitive). A rename would not do: on Linux it replaces silently.
     */
    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path staged = tmp.resolve("file-" + UUID.randomUUID());
        Files.write(staged, content);
        try {
            Files.createLink(target, staged);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(resolve(key));
    }

    @Override
    public byte[] read(String key) throws IOException {
        return Files.readAllBytes(resolve(key));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public List<String> list(String key) throws IOException {
        Path dir = resolve(key);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public Path localFolder(String key) throws IOException {
        Path dir = resolve(key);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(key);
        }
        return dir;
    }

    /** A folder is first renamed into tmp/ (one step for readers), then removed from there. */
    @Override
    public long delete(String key) throws IOException {
        Path target = resolve(key);
        if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long bytes = Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.size(target) : 0;
            return Files.deleteIfExists(target) ? bytes : 0;
        }
        Path doomed = tmp.resolve("del-" + UUID.randomUUID());
        try {
            Files.move(target, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException raced) {
            return 0; // deleted by someone else meanwhile
        }
        long bytes;
        try (Stream<Path> files = Files.walk(doomed)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        StagedPublication.deleteTree(doomed);
        return bytes;
    }

    /** Maps a key to a path inside the root, refusing keys that would leave it. */
    Path resolve(String key) {
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid store key: " + key);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("store key leaves the store: " + key);
        }
        return path;
    }

    private static void moveAtomically(Path from, Path to, boolean keepExisting) throws IOException {
        try {
            if (keepExisting) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(from);
            throw new IOException("the store's tmp/ and " + to + " must be on one filesystem", e);
        } catch (FileAlreadyExistsException e) {
            if (!keepExisting) {
                throw e;
            }
            Files.deleteIfExists(from); // a concurrent writer stored the same content first
        }
    }

    @Override
    public BlobSweepResult sweepBlobs(Predicate<String> live, Instant writtenBefore, double repackBelow)
            throws IOException {
        return new FileBlobSweep(root.resolve("blobs"), packs, tmp, live, writtenBefore).sweep(repackBelow);
    }
}
