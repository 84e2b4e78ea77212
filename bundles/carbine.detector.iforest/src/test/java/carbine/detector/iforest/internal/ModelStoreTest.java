package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;
    private final CollectingLog log = new CollectingLog();

    @Test
    void fileNamesAreSafeAndDistinct() {
        assertThat(ModelStore.fileName("prusa-mk4_1.x")).isEqualTo("prusa-mk4_1.x");
        assertThat(ModelStore.fileName("../etc/passwd")).doesNotContain("/").startsWith("_.._etc_passwd-");
        assertThat(ModelStore.fileName("a/b")).isNotEqualTo(ModelStore.fileName("a_b"))
                .isNotEqualTo(ModelStore.fileName("a:b"));
    }

    @Test
    void aMissingFileIsNoModelAndNoComplaint() {
        assertThat(new ModelStore(dir, log).load("p1")).isEmpty();
        assertThat(log.lines).isEmpty();
    }

    @Test
    void foreignClassesInAModelFileAreRejected() throws Exception {
        ModelStore store = new ModelStore(dir, log);
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(store.file("p1")))) {
            out.writeObject(new ArrayList<>(java.util.List.of(new StringBuilder("not a model"))));
        }

        assertThat(store.load("p1")).isEmpty();
        assertThat(log.lines).singleElement().asString().startsWith("WARN ignoring the unreadable model file")
                .contains("REJECTED");
    }

    @Test
    void aFileOfSmilesTreesFromBeforeFormat4IsIgnoredToBeRetrained() throws Exception {
        ModelStore store = new ModelStore(dir, log);
        double[][] rows = new double[50][3];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] { i, i % 7, i % 3 };
        }
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(store.file("p1")))) {
            out.writeObject(Forests.growTrees(rows, 3, 16, 42));
        }

        assertThat(store.load("p1")).isEmpty();
        assertThat(log.lines).singleElement().asString().startsWith("WARN ignoring the unreadable model file")
                .contains("REJECTED", "it will be retrained");
    }

    @Test
    void anUnwritableDirectoryIsLoggedNotThrown() throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        new ModelStore(file.resolve("iforest"), log).save("p1", null);

        assertThat(log.lines).singleElement().asString().startsWith("ERROR cannot save the model of p1");
    }
}
