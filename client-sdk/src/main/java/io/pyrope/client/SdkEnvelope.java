package io.pyrope.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.internal.v1.SdkCall;
import io.pyrope.internal.v1.SdkReply;

/** The SdkCall / SdkReply envelope: what the thin client hands the server's entry task. */
final class SdkEnvelope {
    private SdkEnvelope() {
    }

    static byte[] wrap(String fullMethodName, String apiKey, byte[] requestPayload) {
        return SdkCall.newBuilder()
                .setMethod(fullMethodName)
                .setApiKey(apiKey)
                .setPayload(ByteString.copyFrom(requestPayload))
                .build()
                .toByteArray();
    }

    /**
     * The response payload of a successful reply; a non-zero status becomes a PyropeException
     * with the matching code and the server's message.
     */
    static byte[] unwrap(String fullMethodName, byte[] replyBytes) {
        if (replyBytes == null) {
            throw new PyropeException(ErrorCode.INTERNAL, fullMethodName + ": the server returned no reply");
        }
        SdkReply reply;
        try {
            reply = SdkReply.parseFrom(replyBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new PyropeException(ErrorCode.INTERNAL, fullMethodName + ": unreadable reply from the server", e);
        }
        if (reply.getStatusCode() != 0) {
            String message = reply.getStatusMessage().isEmpty()
                    ? fullMethodName + " failed with status " + reply.getStatusCode()
                    : reply.getStatusMessage();
            throw new PyropeException(ErrorCode.fromGrpcCode(reply.getStatusCode()), message);
        }
        return reply.getPayload().toByteArray();
    }
}
