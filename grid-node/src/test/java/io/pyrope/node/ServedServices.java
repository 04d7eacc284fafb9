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
        FutureObserver<ServerReflectionResponse> response = new FutureObserver<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(response);
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        List<String> services = response.future().get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(s -> s.getName()).toList();
        requests.onCompleted();
        return services;
    }
}
