/** JCounters across processes: one leader collects and merges the reports of every node. */
module org.jcounters.multiprocess {
  requires transitive org.jcounters.core;
  requires transitive org.jcounters.reporters; // MultiProcessCollection is a ReportSource and takes Reporters
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports org.jcounters.multiprocess;

  // The wire codec's Jackson (de)serializers are package-private: reflection needs the package open to it.
  opens org.jcounters.multiprocess to com.fasterxml.jackson.databind;
}
