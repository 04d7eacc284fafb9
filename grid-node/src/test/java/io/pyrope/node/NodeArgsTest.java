package io.pyrope.node;

import io.pyrope.node.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeArgsTest {

    @Test
    void parsesFlagsInBothForms() {
        NodeArgs a = NodeArgs.parse("--port-offset", "2", "--config=my.yaml");
        assertThat(a.portOffset()).hasValue(2);
        assertThat(a.config()).contains(Path.of("my.yaml"));
        assertThat(NodeArgs.parse("--port-offset=1").portOffset()).hasValue(1);
        assertThat(NodeArgs.parse().portOffset()).isEmpty();
        assertThat(NodeArgs.parse("--help").help()).isTrue();
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        assertThatThrownBy(() -> NodeArgs.parse("--port-offset", "x")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--port-offset: must be an integer");
        assertThatThrownBy(() -> NodeArgs.parse("--config")).hasMessage("--config: needs a value");
        assertThatThrownBy(() -> NodeArgs.parse("--prot-offset", "1")).hasMessageStartingWith("--prot-offset: unknown argument");
    }
}
