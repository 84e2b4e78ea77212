package carbine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;

/** A bundle jar dropped into the deploy directory is installed and started; a newer one updates it; deleting it uninstalls it. */
class DeployDirectoryTest {
    @InjectBundleContext
    BundleContext context;

    @Test
    void dropUpdateDelete() throws Exception {
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Files.createDirectories(deploy);
        String bsn = "it.deploy.probe." + Carbines.printerId("x").replace('-', '_');
        Path jar = deploy.resolve(bsn + ".jar");
        try {
            write(jar, bsn, "1.0.0");
            Await.until(() -> assertThat(bundle(bsn)).hasValueSatisfying(b -> {
                assertThat(b.getVersion().toString()).isEqualTo("1.0.0");
                assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            }));
            long id = bundle(bsn).orElseThrow().getBundleId();

            write(jar, bsn, "2.0.0");
            Await.until(() -> assertThat(bundle(bsn)).hasValueSatisfying(b -> {
                assertThat(b.getVersion().toString()).isEqualTo("2.0.0");
                assertThat(b.getBundleId()).as("updated in place, not installed twice").isEqualTo(id);
                assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            }));
        } finally {
            Files.deleteIfExists(jar);
        }
        Await.until(() -> assertThat(bundle(bsn)).isEmpty());
    }

    private Optional<Bundle> bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    /** A manifest-only bundle, written next to the target and moved in, so FileInstall never sees half a jar. */
    private static void write(Path jar, String bsn, String version) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        Path tmp = Files.createTempFile("probe", ".jar");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
