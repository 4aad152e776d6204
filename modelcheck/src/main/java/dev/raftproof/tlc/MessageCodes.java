package dev.raftproof.tlc;

/** The TLC 2.18 {@code -tool} message codes we act on (from tlc2.output.EC). */
final class MessageCodes {
  private MessageCodes() {}

  static final int GENERAL = 1000;
  static final int TLC_NESTED_EXPRESSION = 2103;
  static final int TLC_ASSUMPTION_FALSE = 2104;
  static final int TLC_INVARIANT_VIOLATED_INITIAL = 2107;
  static final int TLC_INVARIANT_VIOLATED_BEHAVIOR = 2110;
  static final int TLC_INVARIANT_EVALUATION_FAILED = 2111;
  static final int TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR = 2112;
  static final int TLC_ACTION_PROPERTY_EVALUATION_FAILED = 2113;
  static final int TLC_DEADLOCK_REACHED = 2114;
  static final int TLC_TEMPORAL_PROPERTY_VIOLATED = 2116;
  static final int TLC_BEHAVIOR_UP_TO_THIS_POINT = 2121;
  static final int TLC_BACK_TO_STATE = 2122;
  static final int TLC_VALUE_ASSERT_FAILED = 2132;
  static final int TLC_STARTING = 2185;
  static final int TLC_FINISHED = 2186;
  static final int TLC_MODE_MC = 2187;
  static final int TLC_COMPUTING_INIT = 2189;
  static final int TLC_INIT_GENERATED1 = 2190;
  static final int TLC_SUCCESS = 2193;
  static final int TLC_SEARCH_DEPTH = 2194;
  static final int TLC_STATS = 2199;
  static final int TLC_PROGRESS_STATS = 2200;
  static final int TLC_STATS_DFID = 2204;
  static final int TLC_PROGRESS_STATS_DFID = 2206;
  static final int TLC_PROGRESS_SIMU = 2209;
  static final int TLC_STATS_SIMU = 2210;
  static final int TLC_STATE_PRINT1 = 2216;
  static final int TLC_STATE_PRINT2 = 2217;
  static final int TLC_STATE_PRINT3 = 2218;
  static final int TLC_SANY_END = 2219;
  static final int TLC_SANY_START = 2220;
  static final int TLC_VERSION = 2262;
  static final int TLC_COUNTER_EXAMPLE = 2264;
  static final int TLC_PARSING_FAILED = 3002;
  /** Config file errors are 5000-5999 (nested inside a GENERAL message). */
  static final int CFG_FIRST = 5000;
  static final int CFG_LAST = 5999;

  static final int SEVERITY_ERROR = 1;
}
