package io.sightline.dataset.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {

    /** Hashes in clusters (look-alikes a few bits apart), some identical contents, some loners. */
    private static List<NearDuplicates.Item> items(long seed, int count) {
        Random random = new Random(seed);
        long[] centres = new long[20];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = random.nextLong();
        }
        List<NearDuplicates.Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long hash = random.nextInt(5) == 0 ? random.nextLong() : centres[random.nextInt(centres.length)];
            for (int flips = random.nextInt(12); flips > 0; flips--) {
                hash ^= 1L << random.nextInt(64);
            }
            String sha = random.nextInt(10) == 0 && i > 0 ? items.get(random.nextInt(i)).sha256() : "sha" + i;
            if (sha.equals("sha" + i) || random.nextBoolean()) {
                String split = random.nextInt(5) == 0 ? "test" : random.nextInt(10) == 0 ? "validation" : "train";
                items.add(new NearDuplicates.Item("p" + i, split, sha, hash));
            } else { // the same content again: same hash
                NearDuplicates.Item same = items.stream().filter(x -> x.sha256().equals(sha)).findFirst().orElseThrow();
                items.add(new NearDuplicates.Item("p" + i, same.split(), sha, same.dhash()));
            }
        }
        return items;
    }

    @Test
    void everyItemOutsideTrainGetsItsClosestTrainItemWhateverTheThreads() {
        ParallelWork two = new ParallelWork(2);
        for (long seed = 1; seed <= 40; seed++) {
            List<NearDuplicates.Item> items = items(seed, 600);
            for (int maxDistance : new int[] {0, 1, 4, 8}) {
                List<NearDuplicates.Pair> serial = NearDuplicates.acrossSides(items, maxDistance);
                assertThat(NearDuplicates.acrossSides(items, maxDistance, two::forEach)).isEqualTo(serial);
                Map<String, NearDuplicates.Item> byPath = new HashMap<>();
                items.forEach(i -> byPath.put(i.path(), i));
                Map<String, NearDuplicates.Pair> found = new HashMap<>();
                serial.forEach(p -> found.put(p.a(), p));
                for (NearDuplicates.Item a : items) {
                    if (a.split().equals("train")) {
                        continue;
                    }
                    int closest = Integer.MAX_VALUE;
                    for (NearDuplicates.Item b : items) {
                        int d = Long.bitCount(a.dhash() ^ b.dhash());
                        if (b.split().equals("train") && !(d == 0 && b.sha256().equals(a.sha256()))) {
                            closest = Math.min(closest, d);
                        }
                    }
                    NearDuplicates.Pair pair = found.get(a.path());
                    if (closest > maxDistance) {
                        assertThat(pair).as("seed %d item %s", seed, a.path()).isNull();
                    } else {
                        assertThat(pair).as("seed %d item %s", seed, a.path()).isNotNull();
                        assertThat(pair.distance()).isEqualTo(closest);
                        NearDuplicates.Item b = byPath.get(pair.b());
                        assertThat(b.split()).isEqualTo("train");
                        assertThat(Long.bitCount(a.dhash() ^ b.dhash())).isEqualTo(closest);
                        assertThat(closest == 0 && b.sha256().equals(a.sha256())).isFalse();
                    }
                }
            }
        }
    }
}
