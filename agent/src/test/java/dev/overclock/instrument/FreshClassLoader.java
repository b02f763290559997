package dev.overclock.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Loads the named packages' classes itself (child first) from the test class path, so that each
 * test sees them load for the first time, as in an application; everything else (the bootstrap
 * bridge, JUnit) comes from the parent. A class given as bytes is defined from those instead (a
 * class rewritten by the test).
 */
public final class FreshClassLoader extends ClassLoader {

  private final String prefix;
  private final Map<String, byte[]> classFiles;

  public FreshClassLoader(String prefix) {
    this(prefix, Map.of());
  }

  /** @param classFiles class files by binary name, defined instead of the test class path's */
  public FreshClassLoader(String prefix, Map<String, byte[]> classFiles) {
    super("fresh-" + prefix, FreshClassLoader.class.getClassLoader());
    this.prefix = prefix;
    this.classFiles = Map.copyOf(classFiles);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      if (!name.startsWith(prefix)) {
        return super.loadClass(name, resolve);
      }
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null && classFiles.containsKey(name)) {
        byte[] bytes = classFiles.get(name);
        loaded = defineClass(name, bytes, 0, bytes.length);
      }
      if (loaded == null) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          loaded = defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }
}
