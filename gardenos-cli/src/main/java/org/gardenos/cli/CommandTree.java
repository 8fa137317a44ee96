package org.gardenos.cli;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Which of {@code gardenos}'s subcommands picocli has to build for one command line. Building a command's model
 * (picocli reads its annotations, makes its instance through Guice, registers its converters) is most of what the
 * CLI spends before it runs anything: the whole tree took about 90 ms of every run (docs/performance.md, "Every
 * command's floor"). A command line that plainly names one command needs only that one (with its own subcommands).
 *
 * <p>Anything picocli could read differently when the other commands are missing gets the whole tree, so that help,
 * error messages and suggestions stay exactly those of the whole tree: help or version options anywhere, an argument
 * file ({@code @FILE}), a word or an option before the command that is not one of the top command's own options
 * (picocli suggests commands for an unknown word), a command name given as an option's value (picocli refuses that,
 * naming the option), no command at all.
 */
final class CommandTree {
    private final Map<String, Class<?>> byName = new HashMap<>();
    /** The top command's own options: name -> whether it takes a value. */
    private final Map<String, Boolean> topOptions = new HashMap<>();

    CommandTree(Class<?> top, List<Class<?>> subcommands) {
        for (Class<?> sub : subcommands) {
            Command command = sub.getAnnotation(Command.class);
            byName.put(command.name(), sub);
            for (String alias : command.aliases()) {
                byName.put(alias, sub);
            }
        }
        for (Field field : top.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            // an option with its own arity is not one this reading knows: left out, a line with it gets the whole tree
            if (option != null && option.arity().isEmpty()) {
                boolean takesValue = field.getType() != boolean.class && field.getType() != Boolean.class;
                for (String name : option.names()) {
                    topOptions.put(name, takesValue);
                }
            }
        }
    }

    /** The one subcommand {@code args} name, when the tree of that one alone parses them as the whole tree does. */
    Optional<Class<?>> only(String... args) {
        int i = 0;
        while (i < args.length && !byName.containsKey(args[i])) {
            int next = topOption(args, i);
            if (next < 0) {
                return Optional.empty();
            }
            i = next;
        }
        if (i == args.length) {
            return Optional.empty();
        }
        for (int j = i + 1; j < args.length; j++) {
            if (maybeHelpOrFile(args[j])) {
                return Optional.empty();
            }
        }
        return Optional.of(byName.get(args[i]));
    }

    /** The index after the top option at {@code i} (and its value), or -1 when {@code args[i]} is not plainly one. */
    private int topOption(String[] args, int i) {
        String arg = args[i];
        int equals = arg.indexOf('=');
        if (arg.startsWith("--") && equals > 0) {
            return Boolean.TRUE.equals(topOptions.get(arg.substring(0, equals))) ? i + 1 : -1;
        }
        Boolean takesValue = topOptions.get(arg);
        if (takesValue == null) {
            return -1;
        }
        if (!takesValue) {
            return i + 1;
        }
        boolean plainValue = i + 1 < args.length && !byName.containsKey(args[i + 1]) && !args[i + 1].startsWith("@");
        return plainValue ? i + 2 : -1;
    }

    private static boolean maybeHelpOrFile(String arg) {
        if (arg.startsWith("@") || arg.startsWith("--help") || arg.startsWith("--version")) {
            return true;
        }
        // short options may be clustered (-vh)
        return arg.startsWith("-") && !arg.startsWith("--") && (arg.indexOf('h') > 0 || arg.indexOf('V') > 0);
    }
}
