package io.pyrope.node.examples;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.pyrope.node.ServedServices;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The part of grpcurl the README uses, in Java, knowing nothing but what the server says through
 * reflection (no generated classes): {@code list}, {@code describe SYMBOL}, and a unary call
 * {@code SERVICE/METHOD} with {@code -d JSON} and {@code -H 'name: value'} headers. Output is
 * JSON for calls, like grpcurl's.
 */
final class GrpcurlStandIn {
    private final Channel channel;
    private final Map<String, Descriptors.FileDescriptor> files = new HashMap<>();

    GrpcurlStandIn(Channel channel) {
        this.channel = channel;
    }

    /** Runs grpcurl's arguments after the address was taken out: flags, then the verb and its operand. */
    String run(List<String> args) throws Exception {
        Metadata headers = new Metadata();
        String data = "{}";
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            switch (args.get(i)) {
                case "-plaintext" -> i++;
                case "-H" -> {
                    String h = args.get(i + 1);
                    int colon = h.indexOf(':');
                    headers.put(Metadata.Key.of(h.substring(0, colon).strip(), Metadata.ASCII_STRING_MARSHALLER),
                            h.substring(colon + 1).strip());
                    i += 2;
                }
                case "-d" -> {
                    data = args.get(i + 1);
                    i += 2;
                }
                default -> throw new IllegalArgumentException("flag not covered by the stand-in: " + args.get(i));
            }
        }
        String verb = args.get(i);
        if (verb.equals("list")) {
            return String.join("\n", new TreeSet<>(ServedServices.list(channel)));
        }
        if (verb.equals("describe")) {
            return describe(args.get(i + 1));
        }
        return call(verb, data, headers);
    }

    private String describe(String symbol) throws Exception {
        Descriptors.FileDescriptor file = fileContaining(symbol);
        String local = symbol.substring(file.getPackage().length() + 1);
        Descriptors.Descriptor message = file.findMessageTypeByName(local);
        if (message != null) {
            return symbol + " is a message:\n" + TextFormat.printer().printToString(message.toProto());
        }
        Descriptors.ServiceDescriptor service = file.findServiceByName(local);
        if (service != null) {
            return symbol + " is a service:\n" + TextFormat.printer().printToString(service.toProto());
        }
        throw new IllegalArgumentException("symbol not found: " + symbol);
    }

    private String call(String fullMethod, String json, Metadata headers) throws Exception {
        int slash = fullMethod.indexOf('/');
        String serviceName = fullMethod.substring(0, slash);
        Descriptors.FileDescriptor file = fileContaining(serviceName);
        Descriptors.ServiceDescriptor service = file.findServiceByName(serviceName.substring(serviceName.lastIndexOf('.') + 1));
        Descriptors.MethodDescriptor method = service.findMethodByName(fullMethod.substring(slash + 1));
        DynamicMessage.Builder request = DynamicMessage.newBuilder(method.getInputType());
        JsonFormat.parser().merge(json, request);
        MethodDescriptor<DynamicMessage, DynamicMessage> rpc = MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service.getFullName(), method.getName()))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
                .build();
        Channel withHeaders = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        DynamicMessage response = ClientCalls.blockingUnaryCall(withHeaders, rpc,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request.build());
        return JsonFormat.printer().print(response);
    }

    private Descriptors.FileDescriptor fileContaining(String symbol) throws Exception {
        ServerReflectionResponse r = ServedServices.ask(channel,
                ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
        if (r.hasErrorResponse()) {
            throw new IllegalArgumentException("reflection: " + r.getErrorResponse().getErrorMessage());
        }
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        for (ByteString bytes : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto p = FileDescriptorProto.parseFrom(bytes);
            protos.put(p.getName(), p);
        }
        // The first file is the one that defines the symbol; the server sends its dependencies along.
        return build(FileDescriptorProto.parseFrom(r.getFileDescriptorResponse().getFileDescriptorProto(0)).getName(), protos);
    }

    private Descriptors.FileDescriptor build(String name, Map<String, FileDescriptorProto> protos) throws Exception {
        Descriptors.FileDescriptor known = files.get(name);
        if (known != null) {
            return known;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            ServerReflectionResponse r = ServedServices.ask(channel,
                    ServerReflectionRequest.newBuilder().setFileByFilename(name).build());
            proto = FileDescriptorProto.parseFrom(r.getFileDescriptorResponse().getFileDescriptorProto(0));
        }
        Descriptors.FileDescriptor[] deps = new Descriptors.FileDescriptor[proto.getDependencyCount()];
        for (int d = 0; d < deps.length; d++) {
            deps[d] = build(proto.getDependency(d), protos);
        }
        Descriptors.FileDescriptor file = Descriptors.FileDescriptor.buildFrom(proto, deps);
        files.put(name, file);
        return file;
    }
}
