package dev.cairn.core.store;

import dev.cairn.core.tracking.Metric;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The binary form of a chunk of one metric's points, as the {@code metric_chunks} table keeps
 * them: big-endian (value double, timestamp long, step long) triples, 24 bytes a point.
 */
final class MetricChunk {
    private static final int POINT_BYTES = Double.BYTES + Long.BYTES + Long.BYTES;

    private MetricChunk() {
    }

    /** Encodes points of one metric; their keys are the row's, not the chunk's. */
    static byte[] encode(List<Metric> points) {
        ByteBuffer buffer = ByteBuffer.allocate(points.size() * POINT_BYTES);
        for (Metric point : points) {
            buffer.putDouble(point.value()).putLong(point.timestamp()).putLong(point.step());
        }
        return buffer.array();
    }

    /** Decodes a chunk into points of the named metric, appending them to {@code into}. */
    static void decode(String key, byte[] chunk, List<Metric> into) {
        if (chunk.length % POINT_BYTES != 0) {
            throw new IllegalStateException("a metric chunk of '" + key + "' has " + chunk.length
                    + " bytes, not a multiple of " + POINT_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        while (buffer.hasRemaining()) {
            into.add(new Metric(key, buffer.getDouble(), buffer.getLong(), buffer.getLong()));
        }
    }
}
