package dev.overclock.instrument;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads the named packages' classes itself (child first) from the test class path, so that each
 * test sees them load for the first time, as in an application; everything else (the bootstrap
 * bridge, JUnit) comes from the parent.
 */
public final class FreshClassLoader extends ClassLoader {

  private final String prefix;

  public FreshClassLoader(String prefix) {
    super("fresh-" + prefix, FreshClassLoader.class.getClassLoader());
    this.prefix = prefix;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      if (!name.startsWith(prefix)) {
        return super.loadClass(name, resolve);
      }
      Class<?> loaded = findLoadedClass(name);
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
