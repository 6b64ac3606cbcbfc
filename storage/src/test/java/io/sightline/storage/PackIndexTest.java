package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pack index's digest order is the unsigned order of whole digests, ties in leading bits included. */
class PackIndexTest {

    @Test
    void ordersEntriesAsAComparatorOverWholeDigestsWould() {
        Random random = new Random(11);
        for (int count : new int[] {0, 1, 2, 3, 17, 1000, 70_000}) {
            byte[] digests = new byte[count * PackIndex.DIGEST_BYTES];
            random.nextBytes(digests);
            for (int i = 1; i < count; i += 7) { // the same leading 8 bytes, another tail: a tie the key cannot break
                System.arraycopy(digests, (i - 1) * PackIndex.DIGEST_BYTES, digests, i * PackIndex.DIGEST_BYTES, 8);
            }
            for (int i = 3; i < count; i += 11) { // leading bytes with the top bit set and clear
                digests[i * PackIndex.DIGEST_BYTES] = (byte) (i % 2 == 0 ? 0x80 : 0x7f);
            }
            int[] expected = IntStream.range(0, count).boxed()
                    .sorted(Comparator.comparing(i -> Arrays.copyOfRange(digests, i * PackIndex.DIGEST_BYTES,
                            (i + 1) * PackIndex.DIGEST_BYTES), Arrays::compareUnsigned))
                    .mapToInt(Integer::intValue).toArray();
            assertThat(PackIndex.byDigest(digests, count)).as("%d entries", count).containsExactly(expected);
        }
    }

    @Test
    void findsEveryEntryOfAnIndexBuiltFromUnsortedEntries() {
        Random random = new Random(5);
        int count = 5000;
        byte[] digests = new byte[count * PackIndex.DIGEST_BYTES];
        random.nextBytes(digests);
        long[] offsets = new long[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = i * 100L;
            lengths[i] = i;
        }
        PackIndex index = PackIndex.of("p", count * 100L, count, digests, offsets, lengths);
        for (int i = 0; i < count; i++) {
            int at = index.find(Arrays.copyOfRange(digests, i * PackIndex.DIGEST_BYTES, (i + 1) * PackIndex.DIGEST_BYTES));
            assertThat(at).isNotNegative();
            assertThat(index.offset(at)).isEqualTo(i * 100L);
            assertThat(index.length(at)).isEqualTo(i);
        }
    }
}
