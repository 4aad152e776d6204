package dev.raftproof.tlc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Turns SANY's (or the config reader's) output into a {@link SpecParseError} with file and line. */
final class SanyErrorParser {
  private SanyErrorParser() {}

  private static final Pattern PARSING_FILE = Pattern.compile("^Parsing file (.+)$");
  private static final Pattern AT_LINE_COL = Pattern.compile("line (\\d+), col(?:umn)? (\\d+)");
  private static final Pattern OF_MODULE = Pattern.compile("of module (\\w+)");
  private static final Pattern IN_MODULE = Pattern.compile("^In module (\\w+)");
  private static final Pattern CFG_LINE = Pattern.compile("at line (\\d+)");

  /**
   * @param sanyLines SANY's untagged output lines (between "Starting SANY" and "SANY finished")
   * @param specDir where the spec files are (to turn module names into paths)
   */
  static SpecParseError fromSany(List<String> sanyLines, Path specDir) {
    String lastParsed = null;
    int errorStart = -1;
    for (int i = 0; i < sanyLines.size(); i++) {
      String l = sanyLines.get(i);
      Matcher pf = PARSING_FILE.matcher(l);
      if (pf.matches() && errorStart < 0) {
        lastParsed = pf.group(1);
        continue;
      }
      if (errorStart < 0 && isErrorStart(l)) {
        errorStart = i;
      }
    }
    StringBuilder raw = new StringBuilder();
    for (String l : sanyLines) {
      if (!l.startsWith("Parsing file ") && !l.startsWith("Semantic processing of module ")) {
        raw.append(l).append('\n');
      }
    }
    String rawText = raw.toString().strip();
    if (errorStart < 0) {
      return new SpecParseError(lastParsed, -1, -1, oneParagraph(rawText), rawText);
    }
    List<String> err = sanyLines.subList(errorStart, sanyLines.size());
    String first = err.get(0).strip();
    String file = lastParsed;
    int line = -1;
    int col = -1;
    StringBuilder msg = new StringBuilder();
    if (first.startsWith("***Parse Error***") || first.startsWith("Lexical error")) {
      // Parse error: "***Parse Error***" then "Encountered ... at line 5, column 14 ..." (in the last parsed file)
      for (String l : err) {
        String s = l.strip();
        if (s.isEmpty() || s.startsWith("***Parse Error***")) {
          continue;
        }
        if (s.startsWith("Residual stack trace")) {
          break;
        }
        msg.append(msg.length() == 0 ? "" : " ").append(s);
        if (line < 0) {
          Matcher lc = AT_LINE_COL.matcher(s);
          if (lc.find()) {
            line = parseInt(lc.group(1));
            col = parseInt(lc.group(2));
          }
        }
      }
      for (String l : err) {
        Matcher im = IN_MODULE.matcher(l.strip());
        if (im.matches() && file == null) {
          file = moduleFile(specDir, im.group(1));
        }
      }
    } else {
      // Semantic error: "line 5, col 18 to line 5, col 19 of module Sem" then the explanation.
      boolean located = false;
      for (String l : err) {
        String s = l.strip();
        if (s.isEmpty() || s.startsWith("*** Errors") || s.equals("Semantic errors:")) {
          continue;
        }
        if (!located) {
          Matcher lc = AT_LINE_COL.matcher(s);
          Matcher om = OF_MODULE.matcher(s);
          if (lc.find() && om.find()) {
            line = parseInt(lc.group(1));
            col = parseInt(lc.group(2));
            file = moduleFile(specDir, om.group(1));
            located = true;
            continue;
          }
        } else if (s.startsWith("line ") && OF_MODULE.matcher(s).find()) {
          msg.append(" (and further errors)");
          break;
        }
        msg.append(msg.length() == 0 ? "" : " ").append(s);
      }
    }
    String m = msg.length() == 0 ? oneParagraph(rawText) : msg.toString();
    return new SpecParseError(file, line, col, m, rawText);
  }

  /** A .cfg error reported by TLC (message codes 5000-5999). */
  static SpecParseError fromConfig(String message, Path cfgFile) {
    Matcher m = CFG_LINE.matcher(message);
    int line = m.find() ? parseInt(m.group(1)) : -1;
    return new SpecParseError(cfgFile.toString(), line, -1, oneParagraph(message), message);
  }

  private static boolean isErrorStart(String l) {
    String s = l.strip();
    return s.startsWith("***Parse Error***") || s.startsWith("Lexical error") || s.equals("Semantic errors:")
        || s.startsWith("*** Errors:") || s.startsWith("Cannot find source file")
        || s.startsWith("Could not parse module") || s.startsWith("Fatal errors");
  }

  private static String moduleFile(Path specDir, @Nullable String module) {
    if (module == null) {
      return "?";
    }
    Path p = specDir.resolve(module + ".tla");
    return Files.exists(p) ? p.toString() : "module " + module;
  }

  private static int parseInt(@Nullable String s) {
    try {
      return s == null ? -1 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String oneParagraph(String text) {
    return text.replaceAll("\\s*\n\\s*", " ").strip();
  }
}
