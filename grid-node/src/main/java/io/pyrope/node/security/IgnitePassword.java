package io.pyrope.node.security;

import io.pyrope.node.config.ConfigException;
import io.pyrope.node.config.NodeConfig;
import io.pyrope.node.config.Secret;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCheckedException;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.security.IgniteSecurity;
import org.apache.ignite.internal.processors.security.OperationSecurityContext;
import org.apache.ignite.internal.processors.security.SecurityContext;
import org.apache.ignite.plugin.security.AuthenticationContext;
import org.apache.ignite.plugin.security.SecurityCredentials;
import org.apache.ignite.plugin.security.SecuritySubjectType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes the password of Ignite's user {@code ignite} (the thin-client login) the one this node was
 * given. Ignite creates that user with the password "ignite" when an authenticated cluster is first
 * activated; the first Pyrope node replaces it, later nodes only check that theirs matches.
 *
 * <p>Ignite 2.x has no public Java API for user management (only SQL {@code ALTER USER}, which
 * needs the indexing module) and refuses user operations on behalf of a node, so this logs in as
 * {@code ignite} with the current password through the node's internal security processor and
 * alters the password in that user's context — what {@code ALTER USER} does.
 */
public final class IgnitePassword {
    private static final Logger LOG = LoggerFactory.getLogger(IgnitePassword.class);
    private static final String USER = NodeConfig.Security.IGNITE_USER;
    /** Ignite's built-in initial password of the user {@code ignite}. */
    private static final String IGNITE_DEFAULT = "ignite";

    private IgnitePassword() {
    }

    /** Throws {@link ConfigException} naming the password variable when the cluster has another password. */
    public static void ensure(Ignite ignite, Secret password) {
        IgniteSecurity security = ((IgniteEx) ignite).context().security();
        if (login(security, password.reveal()).isPresent()) {
            return;
        }
        SecurityContext asDefault = login(security, IGNITE_DEFAULT).orElseThrow(() -> new ConfigException(password.envName(),
                "does not match the password of Ignite user '" + USER + "' in this cluster (set by its first node);"
                        + " start every node with the same value"));
        try (OperationSecurityContext ignored = security.withContext(asDefault)) {
            security.alterUser(USER, password.revealChars());
        } catch (IgniteCheckedException e) {
            throw new IllegalStateException("cannot set the password of Ignite user '" + USER + "': " + e.getMessage(), e);
        }
        LOG.info("Ignite user '{}': the built-in default password was replaced by {}", USER, password.envName());
    }

    private static Optional<SecurityContext> login(IgniteSecurity security, String password) {
        AuthenticationContext ctx = new AuthenticationContext();
        ctx.subjectType(SecuritySubjectType.REMOTE_CLIENT);
        ctx.subjectId(UUID.nameUUIDFromBytes(("pyrope-node-login:" + USER).getBytes(StandardCharsets.UTF_8)));
        ctx.credentials(new SecurityCredentials(USER, password));
        ctx.address(new InetSocketAddress("127.0.0.1", 0));
        try {
            return Optional.ofNullable(security.authenticate(ctx));
        } catch (IgniteCheckedException | org.apache.ignite.IgniteException e) {
            return Optional.empty();
        }
    }
}
