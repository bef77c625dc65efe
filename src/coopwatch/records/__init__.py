"""Records people keep about a plan's implementation: progress updates on plan items
(`updates`: submitted by reporters, reviewed by evaluators) and the case library (`cases`)."""
