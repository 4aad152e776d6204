package dev.raftproof.lin;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The model registry. {@link #create} takes a name ({@code cas-register}) and an initial value; {@link #parse} takes
 * a full spec as written in the corpus's EXPECTED.tsv ({@code cas-register(init=0)},
 * {@code etcd-cas-register(read/write/cas,init=nil)}, {@code kv(get/put/append,init="",partitioned-by-key)}); arguments
 * other than {@code init=} are descriptive and ignored. A fully qualified class name implementing {@link Model} with a
 * public constructor taking the initial value (Object) or no arguments also works.
 */
public final class Models {
  private Models() {}

  private static final Map<String, Function<@Nullable Object, Model>> REGISTRY = new LinkedHashMap<>();
  private static final Map<String, @Nullable Object> DEFAULT_INIT = new LinkedHashMap<>();

  static {
    register("register", RegisterModel::new, null);
    register("cas-register", CasRegisterModel::new, null);
    register("etcd-cas-register", CasRegisterModel::etcd, null);
    register("multi-register", MultiRegisterModel::new, null);
    register("kv", KvModel::new, null);
    register("mutex", MutexModel::of, new EdnSymbol("free"));
  }

  /** Adds a model under a name (for code that embeds the checker). */
  public static synchronized void register(String name, Function<@Nullable Object, Model> factory,
      @Nullable Object defaultInit) {
    REGISTRY.put(name, factory);
    DEFAULT_INIT.put(name, defaultInit);
  }

  public static synchronized List<String> names() {
    return new ArrayList<>(REGISTRY.keySet());
  }

  /** Creates a model by name; {@code initEdn} null means the model's default initial value. */
  public static synchronized Model create(String name, @Nullable String initEdn) {
    Function<@Nullable Object, Model> f = REGISTRY.get(name);
    Object init;
    try {
      init = initEdn == null ? DEFAULT_INIT.get(name) : Edn.parse(initEdn);
    } catch (EdnSyntaxException e) {
      throw new IllegalArgumentException("bad initial value '" + initEdn + "': " + e.getMessage());
    }
    if (f != null) {
      return f.apply(init);
    }
    if (name.contains(".")) {
      return byClassName(name, init);
    }
    throw new IllegalArgumentException("unknown model '" + name + "' (known: " + String.join(", ", names())
        + ", or a class name implementing dev.raftproof.lin.Model)");
  }

  /** Parses {@code name(arg,...,init=V,...)}. */
  public static Model parse(String spec) {
    String s = spec.strip();
    int open = s.indexOf('(');
    if (open < 0) {
      return create(s, null);
    }
    if (!s.endsWith(")")) {
      throw new IllegalArgumentException("bad model spec '" + spec + "'");
    }
    String name = s.substring(0, open);
    String args = s.substring(open + 1, s.length() - 1);
    String init = null;
    int depth = 0;
    int start = 0;
    boolean inString = false;
    for (int i = 0; i <= args.length(); i++) {
      char c = i < args.length() ? args.charAt(i) : ',';
      if (c == '"') {
        inString = !inString;
      } else if (!inString && (c == '{' || c == '[' || c == '(')) {
        depth++;
      } else if (!inString && (c == '}' || c == ']' || c == ')')) {
        depth--;
      } else if (!inString && depth == 0 && c == ',') {
        String a = args.substring(start, i).strip();
        if (a.startsWith("init=")) {
          init = a.substring(5);
        }
        start = i + 1;
      }
    }
    return create(name, init);
  }

  @SuppressWarnings("nullness") // reflection: a null initial value is a legitimate argument
  private static Model byClassName(String name, @Nullable Object init) {
    try {
      Class<?> c = Class.forName(name);
      if (!Model.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException("class " + name + " does not implement " + Model.class.getName());
      }
      try {
        Constructor<?> k = c.getConstructor(Object.class);
        return (Model) k.newInstance(init);
      } catch (NoSuchMethodException e) {
        return (Model) c.getConstructor().newInstance();
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown model '" + name + "' (no such class)");
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot instantiate model class " + name + ": " + e);
    }
  }
}
