package io.pyrope.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores for TLS tests, made by the JDK's {@code keytool}: a self-signed certificate
 * for {@code localhost} / 127.0.0.1 in a PKCS12 key store, and a PKCS12 trust store holding it.
 *
 * @param keyStore   this identity's private key and certificate
 * @param trustStore a store that trusts exactly that certificate
 */
public record TestTls(Path keyStore, Path trustStore, String keyStorePassword, String trustStorePassword) {

    /** Makes a fresh identity named {@code alias} under {@code dir}. */
    public static TestTls create(Path dir, String alias) {
        Path ks = dir.resolve(alias + "-key.p12");
        Path ts = dir.resolve(alias + "-trust.p12");
        Path cert = dir.resolve(alias + ".crt");
        String kp = alias + "-key-pass";
        String tp = alias + "-trust-pass";
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", kp, "-keypass", kp);
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", ks.toString(), "-storepass", kp, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", ts.toString(), "-storepass", tp);
        return new TestTls(ks, ts, kp, tp);
    }

    /** The certificate in PEM (what {@code grpcurl -cacert} takes). */
    public Path certificatePem() {
        String name = keyStore.getFileName().toString().replace("-key.p12", ".crt");
        return keyStore.resolveSibling(name);
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
