package io.sightline.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The pack files of a file store, {@code blobs/packs/<sha256>.pack} with their {@code .idx}: which exist,
 * and reading blobs out of them. A pack counts only once its index exists; the index is written last.
 *
 * <p>Indexes are loaded on first use. Other processes (trainer, dataset-service) add packs to the same
 * store, so a lookup that misses re-lists the folder — but only when the folder changed since the last
 * listing (its mtime), or when that mtime was too close to the listing to tell (a change within the same
 * clock tick keeps the mtime): a copy that misses on every new blob does not list a folder per blob.
 */
final class BlobPacks {

    private static final Logger LOG = Logger.getLogger(BlobPacks.class);
    static final String INDEX = ".idx";
    static final String PACK = ".pack";
    /** An mtime this close to a listing may hide a later change in the same tick: list again on a miss. */
    private static final long RACY_MILLIS = 2_000;
    /** How long a reader may go without listing the folder, so it notices packs that were removed. */
    private static final long FORGET_AFTER_MILLIS = 60_000;
    /** {@link #check} reads neighbouring records together up to this many bytes, */
    private static final long RUN_BYTES = 1 << 20;
    /** ... and reads through gaps up to this size rather than seek past them. */
    private static final long RUN_GAP = 64 << 10;

    /** A blob inside a pack. */
    record Location(PackIndex pack, int entry) {
    }

    private final Path dir;
    private final Path tmp;
    private volatile List<PackIndex> loaded;
    private final Set<String> names = new HashSet<>(); // guarded by this
    private FileTime listedMtime; // guarded by this
    private long listedAt; // guarded by this
    private volatile long lookedAt = System.currentTimeMillis(); // when open() last looked for removed packs
    private final Map<String, FileChannel> channels = new ConcurrentHashMap<>();

    BlobPacks(Path dir, Path tmp) {
        this.dir = dir;
        this.tmp = tmp;
    }

    Path dir() {
        return dir;
    }

    /** Where a blob is packed; with {@code rescan}, a miss first looks for packs added since the last look. */
    Location find(String sha256, boolean rescan) {
        byte[] digest = HexFormat.of().parseHex(sha256);
        List<PackIndex> packs = loaded;
        if (packs == null) {
            packs = rescan();
        }
        Location found = find(packs, digest);
        if (found == null && rescan) {
            List<PackIndex> newer = newerThan(packs);
            if (newer != null) {
                found = find(newer, digest);
            }
        }
        return found;
    }

    /**
     * A list newer than {@code searched}: one another thread loaded meanwhile, or a fresh listing if the
     * folder changed; null if neither. One lock with {@link #rescan}: a listing under way elsewhere is
     * waited for and then searched, never mistaken for "nothing changed".
     */
    private synchronized List<PackIndex> newerThan(List<PackIndex> searched) {
        if (loaded != searched) {
            return loaded;
        }
        return changedSinceListed() ? rescan() : null;
    }

    /** Loads indexes written since the last look, if the folder changed. */
    void refresh() {
        if (loaded == null || changedSinceListed()) {
            rescan();
        }
    }

    private static Location find(List<PackIndex> packs, byte[] digest) {
        for (PackIndex pack : packs) {
            int entry = pack.find(digest);
            if (entry >= 0) {
                return new Location(pack, entry);
            }
        }
        return null;
    }

    private synchronized boolean changedSinceListed() {
        FileTime now = mtime();
        return now == null ? listedMtime != null
                : !now.equals(listedMtime) || listedAt - now.toMillis() < RACY_MILLIS;
    }

    private FileTime mtime() {
        try {
            return Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            return null; // no packs yet
        }
    }

    /**
     * Lists the folder: loads indexes not loaded yet, and forgets packs whose index is gone (a collection removed
     * them; see {@link #remove}), closing their channels so their disk space is freed.
     */
    private synchronized List<PackIndex> rescan() {
        FileTime mtime = mtime();
        long at = System.currentTimeMillis();
        List<PackIndex> packs = loaded == null ? new ArrayList<>() : new ArrayList<>(loaded);
        Set<String> listed = new HashSet<>();
        boolean complete = mtime != null;
        if (mtime != null) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + INDEX)) {
                for (Path file : files) {
                    String fileName = file.getFileName().toString();
                    String name = fileName.substring(0, fileName.length() - INDEX.length());
                    listed.add(name);
                    if (Sha256.isHex(name) && !names.contains(name)) {
                        try {
                            packs.add(PackIndex.read(file, name));
                            names.add(name);
                        } catch (IOException e) {
                            // its blobs stay invisible; readers that need them report them missing
                            LOG.warnf("unreadable pack index %s: %s", file, e);
                        }
                    }
                }
            } catch (NoSuchFileException e) {
                mtime = null;
            } catch (IOException e) {
                complete = false;
                LOG.warnf("cannot list %s: %s", dir, e);
            }
        }
        if (complete) {
            for (PackIndex gone : packs.stream().filter(p -> !listed.contains(p.name())).toList()) {
                packs.remove(gone);
                forget(gone.name());
            }
        }
        listedMtime = mtime;
        listedAt = at;
        loaded = List.copyOf(packs);
        return loaded;
    }

    /** Drops a pack this process no longer reads from: a reader still using its channel retries elsewhere. */
    private void forget(String name) {
        names.remove(name);
        FileChannel channel;
        synchronized (channels) {
            channel = channels.remove(name);
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closed either way
            }
        }
    }

    /** Every pack as listed now (packs added or removed by other processes included). */
    synchronized List<PackIndex> current() {
        return rescan();
    }

    /**
     * Where a blob is packed, looking past {@code gone}, a pack a read just failed on (a collection removed it
     * after the reader found it): lists the folder again, whatever its mtime says.
     */
    synchronized Location findElsewhere(String sha256, PackIndex gone) {
        List<PackIndex> packs = rescan().stream().filter(p -> !p.name().equals(gone.name())).toList();
        return find(packs, HexFormat.of().parseHex(sha256));
    }

    /**
     * Removes a pack: its index first (no reader finds it from then on), then the pack file, which readers that
     * found the pack before may still be reading through an open channel (their later reads retry elsewhere).
     *
     * @return the bytes of the two files
     */
    synchronized long remove(PackIndex pack) throws IOException {
        Path index = dir.resolve(pack.name() + INDEX);
        Path file = dir.resolve(pack.name() + PACK);
        long bytes = sizeIfExists(index) + sizeIfExists(file);
        Files.deleteIfExists(index);
        if (loaded != null && names.contains(pack.name())) {
            loaded = loaded.stream().filter(p -> !p.name().equals(pack.name())).toList();
        }
        forget(pack.name());
        Files.deleteIfExists(file);
        return bytes;
    }

    static long sizeIfExists(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Moves a finished pack into place, then writes its index: the pack becomes visible with the index's
     * rename. A crash before that leaves a pack without index, which no reader looks at.
     */
    synchronized void install(Path stagedPack, PackIndex index) throws IOException {
        Files.createDirectories(dir);
        Path pack = dir.resolve(index.name() + PACK);
        try {
            Files.move(stagedPack, pack, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(stagedPack); // named by its content: that pack is this pack
        }
        Path stagedIndex = tmp.resolve("idx-" + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(stagedIndex, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            index.write(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            });
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(stagedIndex);
            throw e;
        }
        Files.move(stagedIndex, dir.resolve(index.name() + INDEX), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        if (loaded == null) {
            rescan(); // first use: finds this pack with all the others
        } else if (names.add(index.name())) {
            List<PackIndex> packs = new ArrayList<>(loaded);
            packs.add(index);
            loaded = List.copyOf(packs);
        }
    }

    /**
     * The blob's bytes. A pack cut short yields the bytes that are there (a reader that checks the digest
     * sees the difference); a pack file that is gone is {@link NoSuchFileException}.
     */
    InputStream open(Location at) throws IOException {
        long now = System.currentTimeMillis();
        if (now - lookedAt > FORGET_AFTER_MILLIS) {
            lookedAt = now;
            refresh(); // a long-lived reader lets go of packs a collection removed, and their disk space with them
        }
        byte[] bytes = new byte[at.pack().length(at.entry())];
        int read = read(at.pack(), at.pack().offset(at.entry()), bytes, bytes.length);
        return new ByteArrayInputStream(bytes, 0, read);
    }

    /** A blob to check and where it is packed. */
    record Located(BlobRef blob, Location at) {

        long offset() {
            return at.pack().offset(at.entry());
        }

        long end() {
            return offset() + at.pack().length(at.entry());
        }
    }

    /**
     * Checks packed blobs against their digests and sizes, reading each pack in file order: neighbouring records in
     * one read of up to {@link #RUN_BYTES} instead of a read per record. Adds the damaged ones to {@code damaged}.
     *
     * @return the blobs whose pack was removed before it could be read (a collection repacked it): look them up again
     */
    List<BlobRef> check(List<Located> blobs, Map<String, BlobDamage> damaged) throws IOException {
        List<Located> order = new ArrayList<>(blobs);
        order.sort(Comparator.comparing((Located l) -> l.at().pack().name()).thenComparingLong(Located::offset));
        List<BlobRef> unread = new ArrayList<>();
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[0];
        for (int start = 0, end; start < order.size(); start = end) {
            PackIndex pack = order.get(start).at().pack();
            long from = order.get(start).offset();
            long to = order.get(start).end();
            for (end = start + 1; end < order.size() && order.get(end).at().pack() == pack
                    && order.get(end).offset() - to <= RUN_GAP && order.get(end).end() - from <= RUN_BYTES; end++) {
                to = Math.max(to, order.get(end).end());
            }
            int size = (int) (to - from);
            buffer = buffer.length < size ? new byte[size] : buffer;
            int read;
            try {
                read = read(pack, from, buffer, size);
            } catch (NoSuchFileException | ClosedChannelException e) {
                order.subList(start, end).forEach(l -> unread.add(l.blob()));
                continue;
            }
            for (Located l : order.subList(start, end)) {
                int at = (int) (l.offset() - from);
                int length = Math.max(0, Math.min(read, (int) (l.end() - from)) - at); // a pack cut short
                if (!BlobDamage.intact(digest, buffer, at, length, l.blob())) {
                    damaged.put(l.blob().sha256(), BlobDamage.MODIFIED);
                }
            }
        }
        return unread;
    }

    /**
     * Reads {@code length} bytes of a pack at {@code offset} into {@code into}, fewer when the pack ends first; a
     * channel an interrupted reader closed for everyone is opened again, once.
     *
     * @return how many bytes were read
     */
    private int read(PackIndex pack, long offset, byte[] into, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into, 0, length);
        for (int attempt = 0; ; attempt++) {
            FileChannel channel = channel(pack.name());
            try {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + buffer.position()) < 0) {
                        break;
                    }
                }
                return buffer.position();
            } catch (ClosedChannelException e) {
                synchronized (channels) {
                    channels.remove(pack.name(), channel);
                }
                if (attempt > 0 || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                buffer.clear().limit(length);
            }
        }
    }

    private FileChannel channel(String name) throws IOException {
        FileChannel open = channels.get(name);
        if (open != null && open.isOpen()) {
            return open;
        }
        synchronized (channels) {
            open = channels.get(name);
            if (open == null || !open.isOpen()) {
                open = FileChannel.open(dir.resolve(name + PACK), StandardOpenOption.READ);
                channels.put(name, open);
            }
            return open;
        }
    }
}
