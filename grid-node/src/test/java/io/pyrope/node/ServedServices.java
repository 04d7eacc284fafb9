package io.pyrope.node;

import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The services a server lists through gRPC server reflection (no key needed). */
public final class ServedServices {
    private ServedServices() {
    }

    public static List<String> list(Channel channel) throws Exception {
        return ask(channel, ServerReflectionRequest.newBuilder().setListServices("*").build())
                .getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList();
    }

    /** One reflection request on its own stream, and its answer. */
    public static ServerReflectionResponse ask(Channel channel, ServerReflectionRequest request) throws Exception {
        FutureObserver<ServerReflectionResponse> response = new FutureObserver<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(response);
        requests.onNext(request);
        ServerReflectionResponse answer = response.future().get(30, TimeUnit.SECONDS);
        requests.onCompleted();
        return answer;
    }
}
