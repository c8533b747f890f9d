package org.jcounters.examples;

import java.util.Arrays;
import java.util.List;
import org.jcounters.reporters.munin.MuninPlugin;

/**
 * The examples jar's entry: {@code server}, {@code client}, or {@code munin} (the Munin plugin
 * helper over a JSON report, see {@link MuninPlugin}).
 *
 * <pre>
 * java -jar jcounters-examples.jar server [--port 9999] [--report /tmp/server.counters.json] [--period 5]
 * java -jar jcounters-examples.jar client [--port 9999] [--seconds 5] [--threads 2]
 * java -jar jcounters-examples.jar munin &lt;report.json&gt; &lt;graphs.json&gt; [config]
 * </pre>
 */
public final class Main {
  private static final String USAGE = String.join("\n",
      "usage: java -jar jcounters-examples.jar server [--port 9999] [--report /tmp/server.counters.json] [--period 5] [--timing shortcuts|agent]",
      "       java -jar jcounters-examples.jar client [--port 9999] [--seconds 5] [--threads 2]",
      "       java -jar jcounters-examples.jar munin <report.json> <graphs.json> [config]");

  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    try {
      switch (command) {
        case "server" -> TutorialServer.main(rest);
        case "client" -> TutorialClient.main(rest);
        case "munin" -> System.exit(MuninPlugin.run(List.of(rest), System.out, System.err));
        default -> {
          System.err.println(USAGE);
          System.exit(2);
        }
      }
    } catch (IllegalArgumentException badOption) {
      System.err.println(badOption.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }
}
