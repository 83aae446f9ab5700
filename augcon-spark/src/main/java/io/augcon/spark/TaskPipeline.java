package io.augcon.spark;

import io.augcon.core.AugCon;

/**
 * A pipeline an executor lends to one task at a time, with the switch of its answer cache, which
 * the task points at its own attempt's answers when the job has a work directory.
 *
 * @param augcon  the pipeline
 * @param answers its answer cache's switch; never pointed anywhere when the job has no work directory
 */
record TaskPipeline(AugCon augcon, AnswerSwitch answers) {}
