package org.jcounters.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class of the test sources in a child JVM, optionally with the agent, and collects what it prints. */
final class ChildJvm {
  static final Path AGENT_JAR = Path.of(System.getProperty("jcounters.agent.jar", "target/jcounters-agent.jar")).toAbsolutePath();
  /** Only the test applications: the child has no JCounters on its class path but what the agent brings. */
  static final String APP_ONLY = Path.of("target/test-classes").toAbsolutePath().toString();
  /**
   * The test JVM's class path less the agent's own classes (target/classes): an application bundling
   * JCounters, the reporters, client_java, SLF4J and its own Byte Buddy and Jackson, beside which the
   * agent runs from its shaded jar alone, as it does in production.
   */
  static final String APP_WITH_JCOUNTERS = classPathWithout(Path.of("target/classes"));

  static String classPathWithout(Path... left) {
    List<Path> out = new ArrayList<>();
    for (Path path : left) {
      out.add(path.toAbsolutePath().normalize());
    }
    List<String> kept = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!out.contains(Path.of(entry).toAbsolutePath().normalize())) {
        kept.add(entry);
      }
    }
    return String.join(java.io.File.pathSeparator, kept);
  }

  private ChildJvm() {}

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** {@code java [-javaagent:<jar>=<agentArgument>] <jvmArgs> -cp <classPath> <mainClass> <args>}. */
  static Result run(String agentArgument, List<String> jvmArgs, String classPath, String mainClass, String... args)
      throws IOException, InterruptedException {
    Process process = start(java(), agentArgument, jvmArgs, classPath, mainClass, args);
    return finish(process);
  }

  static Process start(Path java, String agentArgument, List<String> jvmArgs, String classPath, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    if (agentArgument != null) {
      command.add("-javaagent:" + AGENT_JAR + "=" + agentArgument);
    }
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(List.of(args));
    Path out = Files.createTempFile("child-out", ".txt");
    Path err = Files.createTempFile("child-err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    OUTPUTS.put(process, new Path[] {out, err});
    return process;
  }

  private static final java.util.Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

  static Result finish(Process process) throws IOException, InterruptedException {
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not finish in 120 s: " + output(process));
    }
    return output(process);
  }

  static Result output(Process process) throws IOException {
    Path[] files = OUTPUTS.get(process);
    int exit = process.isAlive() ? -1 : process.exitValue();
    return new Result(exit, Files.readString(files[0]), Files.readString(files[1]));
  }

  /** The {@code name=value} lines the child printed, by name. */
  static java.util.Map<String, String> values(Result result) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    for (String line : result.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    return values;
  }
}
