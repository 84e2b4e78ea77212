package carbine.console.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/** A Logger that keeps each line as "LEVEL message" with {} filled in, for unit tests of one class. */
final class Logs {
    final List<String> lines = new CopyOnWriteArrayList<>();

    Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("is")) {
                        return true;
                    }
                    if (name.equals("getName")) {
                        return "test";
                    }
                    if (args != null && args.length > 0 && args[0] instanceof String format) {
                        Object[] values = args.length == 2 && args[1] instanceof Object[] more ? more
                                : java.util.Arrays.copyOfRange(args, 1, args.length);
                        StringBuilder line = new StringBuilder(name.toUpperCase() + " ");
                        int arg = 0;
                        for (int i = 0; i < format.length(); i++) {
                            if (format.startsWith("{}", i) && values.length > arg) {
                                line.append(values[arg++]);
                                i++;
                            } else {
                                line.append(format.charAt(i));
                            }
                        }
                        lines.add(line.toString());
                    }
                    return null;
                });
    }
}
