/**
 * Step 3: answering kept questions under principles ({@link io.augcon.core.respond.ResponsePrompt}),
 * with demonstrations the model chose by judging its own answers to human-written seed examples
 * ({@link io.augcon.core.respond.SelfImprovingResponder}), and a check that each answer comes from
 * its context ({@link io.augcon.core.respond.GroundingCheck}).
 */
package io.augcon.core.respond;
