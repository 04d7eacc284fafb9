package io.pyrope.node.grpc;

import io.grpc.MethodDescriptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Passes gRPC messages through as raw bytes (parsing is done elsewhere, or not at all). Stateless. */
public final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    public static final RawBytesMarshaller INSTANCE = new RawBytesMarshaller();

    private RawBytesMarshaller() {
    }

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
