package org.jcounters.internal.reporters;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jcounters.reporters.JsonFileReporter;
import org.jcounters.reporters.munin.MuninPlugin;

/**
 * Reads a JSON file whole, turning a missing file or a parse failure into an error that names the
 * file and where it went wrong: the one way the reporters read JSON files (the report file of
 * {@link JsonFileReporter#read}, the graphs file of {@link MuninPlugin#readGraphs}).
 *
 * <p><b>Errors.</b> A missing file is a {@link NoSuchFileException} of the file with the caller's
 * reason; a file that is not JSON (truncated, trailing tokens, over the mapper's limits) an
 * {@link IOException} saying {@code malformed JSON in <what> <file> at line <l>, column <c>: <why>};
 * {@link #malformed} words a well-formed file that holds the wrong thing the same way, for callers
 * that want it so (the report file's). Other read failures
 * (permissions) pass through as the JDK throws them.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * JsonNode root = JsonFiles.readTree(new ObjectMapper(), file, "graphs file", "no graphs file there");
 * }</pre>
 */
public final class JsonFiles {
  private JsonFiles() {}

  /**
   * Reads and parses a JSON file.
   *
   * @param reader the mapper to parse with, whose limits and features hold
   * @param file the file to read
   * @param what what the file is, for messages: {@code "report file"}, {@code "graphs file"}
   * @param whenMissing the reason a missing file is reported with
   * @return the root node; a missing node for an empty file
   * @throws NoSuchFileException if there is no file, with {@code whenMissing} as its reason
   * @throws IOException if the file is not JSON, saying where, or it cannot be read
   */
  public static JsonNode readTree(ObjectMapper reader, Path file, String what, String whenMissing) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      NoSuchFileException clear = new NoSuchFileException(file.toString(), null, whenMissing);
      clear.initCause(e);
      throw clear;
    }
    try {
      return reader.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new IOException("malformed JSON in " + what + " " + file + where + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The error for a file read as JSON that does not hold what it should, worded as a parse failure.
   *
   * @param file the file read
   * @param what what the file is, as given to {@link #readTree}
   * @param why what is wrong with it
   * @return the error, for the caller to throw
   */
  public static IOException malformed(Path file, String what, String why) {
    return new IOException("malformed JSON in " + what + " " + file + ": " + why);
  }
}
