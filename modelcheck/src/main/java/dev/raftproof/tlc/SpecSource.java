package dev.raftproof.tlc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the .tla and .cfg files of a spec come from: a directory on disk, or a folder of classpath resources (the
 * real spec is packaged in the jar under {@code spec/}). Extra files can be layered on top, e.g. a mutated module
 * for a non-vacuity test: {@code SpecSource.classpath("spec").withFile("MCraft_mut.tla", text)}.
 *
 * <p>{@link #materialize()} gives a directory TLC can read; it is a temporary copy (deleted on close) unless the
 * source is a plain directory with no extra files.
 */
public final class SpecSource {
  private final @Nullable Path directory;
  private final @Nullable String resourceRoot;
  private final ClassLoader loader;
  private final Map<String, String> extraFiles;

  private SpecSource(@Nullable Path directory, @Nullable String resourceRoot, ClassLoader loader,
      Map<String, String> extraFiles) {
    this.directory = directory;
    this.resourceRoot = resourceRoot;
    this.loader = loader;
    this.extraFiles = Map.copyOf(extraFiles);
  }

  /** Spec files in a directory on disk (used in place, not copied). */
  public static SpecSource directory(Path dir) {
    return new SpecSource(dir.toAbsolutePath().normalize(), null, defaultLoader(), Map.of());
  }

  /** Spec files under a classpath folder, e.g. {@code spec} (the embedded spec) or {@code tlc/toy}. */
  public static SpecSource classpath(String root) {
    return classpath(root, defaultLoader());
  }

  public static SpecSource classpath(String root, ClassLoader loader) {
    String r = root;
    while (r.startsWith("/")) {
      r = r.substring(1);
    }
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    return new SpecSource(null, r, loader, Map.of());
  }

  /** This source plus one file (added or replacing one of the same name), e.g. a mutated module. */
  public SpecSource withFile(String fileName, String content) {
    if (fileName.contains("/") || fileName.contains("\\") || fileName.isEmpty()) {
      throw new IllegalArgumentException("a plain file name is needed, got: " + fileName);
    }
    Map<String, String> m = new LinkedHashMap<>(extraFiles);
    m.put(fileName, content);
    return new SpecSource(directory, resourceRoot, loader, m);
  }

  private static ClassLoader defaultLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = SpecSource.class.getClassLoader();
    }
    return cl != null ? cl : ClassLoader.getSystemClassLoader();
  }

  /** Human description, e.g. {@code directory /x/spec} or {@code classpath:spec}. */
  public String describe() {
    String base = directory != null ? directory.toString() : "classpath:" + resourceRoot;
    return extraFiles.isEmpty() ? base : base + " + " + extraFiles.keySet();
  }

  /** True if the classpath folder (or directory) exists. */
  public boolean exists() {
    if (directory != null) {
      return Files.isDirectory(directory);
    }
    return rootUrl() != null;
  }

  /** Names (without .cfg) of the configs that have a module of the same name: what {@code raft tlc --list} shows. */
  public List<String> listConfigs() {
    TreeSet<String> names = new TreeSet<>(listFileNames());
    names.addAll(extraFiles.keySet());
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (n.endsWith(".cfg")) {
        String base = n.substring(0, n.length() - 4);
        if (names.contains(base + ".tla")) {
          out.add(base);
        }
      }
    }
    return out;
  }

  /** A directory with the spec files; close it to delete it if it is a temporary copy. */
  public MaterializedSpec materialize() {
    if (directory != null && extraFiles.isEmpty()) {
      if (!Files.isDirectory(directory)) {
        throw new IllegalArgumentException("spec directory does not exist: " + directory);
      }
      return new MaterializedSpec(directory, false);
    }
    Path tmp = TempDirs.create("raft-spec-");
    try {
      if (directory != null) {
        copyDirectoryFlat(directory, tmp);
      } else {
        extractResources(tmp);
      }
      for (Map.Entry<String, String> e : extraFiles.entrySet()) {
        Files.writeString(tmp.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
      return new MaterializedSpec(tmp, true);
    } catch (IOException | RuntimeException e) {
      TempDirs.deleteQuietly(tmp);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot copy the spec from " + describe(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void copyDirectoryFlat(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.collect(Collectors.toList())) {
        Path rel = from.relativize(p);
        if (rel.toString().isEmpty() || rel.startsWith("states")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private @Nullable URL rootUrl() {
    String r = resourceRoot == null ? "" : resourceRoot;
    URL u = loader.getResource(r + "/");
    if (u == null) {
      u = loader.getResource(r);
    }
    return u;
  }

  /** Relative paths (with '/') of the regular files under the classpath root or directory. */
  private List<String> listFileNames() {
    if (directory != null) {
      if (!Files.isDirectory(directory)) {
        return List.of();
      }
      try (Stream<Path> s = Files.list(directory)) {
        return s.filter(Files::isRegularFile).map(p -> String.valueOf(p.getFileName())).collect(Collectors.toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return listResourceFiles().stream().filter(n -> !n.contains("/")).collect(Collectors.toList());
  }

  private List<String> listResourceFiles() {
    URL url = rootUrl();
    if (url == null) {
      return List.of();
    }
    try {
      if ("file".equals(url.getProtocol())) {
        Path root = Paths.get(url.toURI());
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
          for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
            out.add(root.relativize(p).toString().replace('\\', '/'));
          }
        }
        return out;
      }
      if ("jar".equals(url.getProtocol())) {
        URLConnection conn = url.openConnection();
        if (!(conn instanceof JarURLConnection jc)) {
          throw new IOException("not a jar connection: " + url);
        }
        jc.setUseCaches(false);
        String prefix = resourceRoot + "/";
        List<String> out = new ArrayList<>();
        try (JarFile jar = jc.getJarFile()) {
          Enumeration<JarEntry> en = jar.entries();
          while (en.hasMoreElements()) {
            JarEntry e = en.nextElement();
            if (!e.isDirectory() && e.getName().startsWith(prefix)) {
              out.add(e.getName().substring(prefix.length()));
            }
          }
        }
        return out;
      }
      throw new IOException("unsupported resource URL: " + url);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list classpath:" + resourceRoot, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + url, e);
    }
  }

  private void extractResources(Path to) throws IOException {
    List<String> files = listResourceFiles();
    if (files.isEmpty() && extraFiles.isEmpty()) {
      throw new IllegalArgumentException("no spec files found on the classpath under " + resourceRoot + "/");
    }
    for (String rel : files) {
      if (rel.startsWith("states/") || rel.contains("..")) {
        continue;
      }
      Path target = to.resolve(rel);
      Path parent = target.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (InputStream in = loader.getResourceAsStream(resourceRoot + "/" + rel)) {
        if (in == null) {
          throw new IOException("resource vanished: " + resourceRoot + "/" + rel);
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
