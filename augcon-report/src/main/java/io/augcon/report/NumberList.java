package io.augcon.report;

import io.augcon.report.DatasetReport.Bin;
import io.augcon.report.DatasetReport.Distribution;
import io.augcon.report.DatasetReport.Histogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Numbers collected for a distribution and histograms: a growable {@code double[]} (8 bytes a
 * number, so a million fit in 8 MB). Percentiles are nearest-rank: the p-th percentile of n
 * sorted values is the value at rank {@code ceil(p / 100 * n)}.
 */
final class NumberList {
    private double[] values = new double[256];
    private int size;
    private boolean sorted = true;

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        if (size > 0 && value < values[size - 1]) {
            sorted = false;
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    Distribution distribution() {
        if (size == 0) {
            return new Distribution(0, 0, 0, 0, 0, 0, 0);
        }
        sort();
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return new Distribution(size, sum / size, values[0], percentile(10), percentile(50), percentile(90),
                values[size - 1]);
    }

    /** A histogram over the given bin edges; the last bin is open above {@code edges[last]}. */
    Histogram histogram(String unit, double... edges) {
        long[] counts = new long[edges.length];
        for (int i = 0; i < size; i++) {
            int bin = Arrays.binarySearch(edges, values[i]);
            bin = bin >= 0 ? bin : -bin - 2;
            counts[Math.max(0, bin)]++;
        }
        List<Bin> bins = new ArrayList<>(edges.length);
        for (int b = 0; b < edges.length; b++) {
            boolean last = b == edges.length - 1;
            String label = last ? format(edges[b]) + "+" : format(edges[b]) + "-" + format(edges[b + 1]);
            bins.add(new Bin(label, edges[b], last ? null : edges[b + 1], counts[b]));
        }
        return new Histogram(unit, bins);
    }

    /** {@code count} equal bins from the smallest to the largest value, the largest in the last bin. */
    Histogram equalBins(String unit, int count) {
        if (size == 0) {
            return new Histogram(unit, List.of());
        }
        sort();
        double min = values[0];
        double max = values[size - 1];
        int n = max > min ? count : 1;
        double width = n == 1 ? 0 : (max - min) / n;
        long[] counts = new long[n];
        for (int i = 0; i < size; i++) {
            int bin = width == 0 ? 0 : (int) Math.min(n - 1, Math.floor((values[i] - min) / width));
            counts[bin]++;
        }
        List<Bin> bins = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            double from = min + b * width;
            double to = b == n - 1 ? max : min + (b + 1) * width;
            bins.add(new Bin(format(from) + "-" + format(to), from, to, counts[b]));
        }
        return new Histogram(unit, bins);
    }

    private double percentile(int p) {
        int rank = (int) Math.ceil(p / 100.0 * size);
        return values[Math.max(0, rank - 1)];
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
