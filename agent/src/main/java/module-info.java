/**
 * The JCounters Java agent: counts the calls and times of the methods a patch file names, without
 * editing code. Its shaded jar (the artifact) bundles the reporters, relocated Byte Buddy, Jackson and
 * client_java, and the SLF4J API, and carries the engine as a nested jar for the bootstrap class path
 * (docs/DESIGN-NOTES.md, Agent, has what is relocated and why); it runs as a {@code -javaagent}, on the class
 * path, and carries {@code Automatic-Module-Name: org.jcounters.agent} instead of this descriptor,
 * which checks the agent's own dependencies at compile time.
 */
module org.jcounters.agent {
  requires transitive java.instrument; // premain and agentmain take an Instrumentation
  requires org.jcounters.ringbuffer;
  requires org.jcounters.reporters;
  requires net.bytebuddy;
  requires com.fasterxml.jackson.databind;

  exports org.jcounters.agent; // JCountersAgent: premain and agentmain
}
