package io.pyrope.client;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's public surface speaks domain types only: no protobuf, gRPC or Ignite type leaks out. */
class PublicApiTest {
    private static final List<String> FORBIDDEN = List.of("io.pyrope.api.v1.", "io.pyrope.internal.", "com.google.protobuf.",
            "io.grpc.", "org.apache.ignite.");

    @Test
    void publicMethodsUseNoWireOrIgniteTypes() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : List.of(PyropeClient.class, PyropeClientBuilder.class, InMemoryPyropeClient.class, ClusterInfo.class,
                ClusterInfo.Node.class, ClusterInfo.Shard.class, ApiKey.class, TenantInfo.class, TenantDeletion.class, Similarity.class)) {
            for (Method m : c.getMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                types.add(m.getGenericReturnType());
                for (Type t : types) {
                    collectLeaks(c.getSimpleName() + "." + m.getName(), t, leaks);
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void implementationsAreHidden() {
        assertThat(Modifier.isPublic(ThinClientPyropeClient.class.getModifiers())).isFalse();
        assertThat(Modifier.isPublic(ThinClientTransport.class.getModifiers())).isFalse();
        assertThat(Modifier.isPublic(SdkEnvelope.class.getModifiers())).isFalse();
        assertThat(Modifier.isPublic(InMemoryStore.class.getModifiers())).isFalse();
    }

    private static void collectLeaks(String where, Type t, List<String> leaks) {
        if (t instanceof ParameterizedType p) {
            collectLeaks(where, p.getRawType(), leaks);
            for (Type a : p.getActualTypeArguments()) {
                collectLeaks(where, a, leaks);
            }
        } else if (t instanceof Class<?> c) {
            String name = c.getName();
            if (FORBIDDEN.stream().anyMatch(name::startsWith)) {
                leaks.add(where + " uses " + name);
            }
        }
    }
}
