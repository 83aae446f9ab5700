package io.augcon.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.core.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MinHashIndexTest {

    private static int[] sh(String text) {
        return MinHashIndex.shingles(Tokenizer.tokens(text, Language.EN));
    }

    @Test
    void shinglesAreWordsAndWordPairsAndJaccardIsExact() {
        // words: how do large cells get enough nutrients (7) vs 6 of them; pairs: 6 vs 5, 4 shared
        int[] a = sh("How do large cells get enough nutrients?");
        int[] b = sh("How do large cells get nutrients?");
        assertThat(a).hasSize(13);
        assertThat(b).hasSize(11);
        assertThat(MinHashIndex.jaccard(a, b)).isEqualTo(10.0 / 14);
        assertThat(MinHashIndex.jaccard(a, a)).isEqualTo(1.0);
        assertThat(MinHashIndex.jaccard(a, new int[0])).isZero();
    }

    @Test
    void findsANearDuplicateFromAnotherGroupOnlyAtOrAboveTheThreshold() {
        MinHashIndex index = MinHashIndex.builder().threshold(0.7).build();
        index.add(sh("How do large cells get enough nutrients?"), 0);
        index.add(sh("Why is the sky blue during the day?"), 0);

        MinHashIndex.Match match = index.findInOtherGroup(sh("How do large cells get nutrients?"), 1);
        assertThat(match).isNotNull();
        assertThat(match.item()).isZero();
        assertThat(match.jaccard()).isEqualTo(10.0 / 14);
        assertThat(index.findInOtherGroup(sh("How do large cells get nutrients?"), 0)).as("same group").isNull();
        assertThat(index.findInOtherGroup(sh("How do cells get nutrients?"), 1)).as("J = 7/15 < 0.7").isNull();
        assertThat(index.findInOtherGroup(new int[0], 1)).as("empty query").isNull();
    }

    @Test
    void aPairIsComparedExactlyWhenItSharesABucketInSomeBand() {
        Random random = new Random(5);
        int found = 0;
        int missed = 0;
        for (int trial = 0; trial < 400; trial++) {
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 10; w++) {
                words.add("w" + random.nextInt(40));
            }
            List<String> changed = new ArrayList<>(words);
            changed.set(random.nextInt(changed.size()), "x" + random.nextInt(40));
            int[] a = MinHashIndex.shingles(words);
            int[] b = MinHashIndex.shingles(changed);
            MinHashIndex index = MinHashIndex.builder().threshold(0.5).build();
            index.add(a, 0);

            boolean shareABucket = false;
            int[] bucketsA = index.buckets(a);
            int[] bucketsB = index.buckets(b);
            for (int band = 0; band < index.bands(); band++) {
                shareABucket |= bucketsA[band] == bucketsB[band];
            }
            boolean match = index.findInOtherGroup(b, 1) != null;

            assertThat(match).as("trial %d", trial).isEqualTo(shareABucket && MinHashIndex.jaccard(a, b) >= 0.5);
            if (MinHashIndex.jaccard(a, b) >= 0.5) {
                found += match ? 1 : 0;
                missed += match ? 0 : 1;
            }
        }
        assertThat(found).as("both outcomes are exercised").isPositive();
        assertThat(missed).as("both outcomes are exercised").isPositive();
        assertThat(MinHashIndex.builder().build().buckets(new int[0])).isEmpty();
    }

    @Test
    void recallOfKnownNearDuplicatesAmongThousandsOfQueries() {
        Random random = new Random(11);
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            vocabulary.add("w" + Integer.toString(i, 36));
        }
        List<int[]> queries = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            List<String> words = new ArrayList<>();
            int length = 8 + random.nextInt(8);
            for (int w = 0; w < length; w++) {
                words.add(vocabulary.get(random.nextInt(vocabulary.size())));
            }
            queries.add(MinHashIndex.shingles(words));
            groups.add(i / 10);
            if (i % 8 == 0) { // a near-duplicate in a later group: one word changed at the end
                List<String> copy = new ArrayList<>(words);
                copy.set(copy.size() - 1, "other" + i);
                queries.add(MinHashIndex.shingles(copy));
                groups.add(100_000 + i);
            }
        }
        MinHashIndex index = MinHashIndex.builder().threshold(0.7).build();
        Set<Integer> expected = new HashSet<>();
        Set<Integer> found = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (!groups.get(j).equals(groups.get(i)) && MinHashIndex.jaccard(queries.get(i), queries.get(j)) >= 0.7) {
                    expected.add(i);
                    break;
                }
            }
            MinHashIndex.Match match = index.findInOtherGroup(queries.get(i), groups.get(i));
            if (match != null) {
                assertThat(match.jaccard()).isGreaterThanOrEqualTo(0.7);
                assertThat(match.group()).isNotEqualTo(groups.get(i));
                found.add(i);
            }
            index.add(queries.get(i), groups.get(i));
        }
        assertThat(expected).hasSize(500);
        assertThat(expected).containsAll(found);
        double recall = (double) found.size() / expected.size();
        assertThat(recall).as("recall over %d known near-duplicates", expected.size()).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void aCrowdedBucketIsScannedOnlyUpToTheLimit() {
        MinHashIndex index = MinHashIndex.builder().maxBucketScan(4).build();
        int[] same = sh("What is the capital of France?");
        index.add(same, 0);
        for (int g = 1; g <= 10; g++) {
            index.add(same, 99); // ten later copies, all in group 99, fill every bucket's head
        }
        assertThat(index.findInOtherGroup(same, 99)).as("group 0 lies beyond the scan limit").isNull();
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> MinHashIndex.builder().threshold(0)).hasMessageContaining("threshold must be in (0, 1]");
        assertThatThrownBy(() -> MinHashIndex.builder().bands(0)).hasMessageContaining("bands must be >= 1");
    }
}
