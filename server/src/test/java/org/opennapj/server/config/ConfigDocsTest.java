package org.opennapj.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every configuration key the server knows is described in README.md's "Configuration keys". */
class ConfigDocsTest {

    @Test
    void everyKnownKeyIsInTheReadmesTable() throws Exception {
        Path readme = Path.of("..", "README.md");
        assertThat(readme).as("README.md from the server module").exists();
        String text = Files.readString(readme);
        String table = text.substring(text.indexOf("### Configuration keys"), text.indexOf("\n## ", text.indexOf("### Configuration keys")));
        List<String> missing = ServerConfig.defaults().keySet().stream()
                .filter(k -> !table.contains("`" + k + "`"))
                .toList();
        assertThat(ServerConfig.defaults()).as("keys the server knows").hasSizeGreaterThan(20);
        assertThat(missing).as("keys missing from README's Configuration keys").isEmpty();
    }
}
