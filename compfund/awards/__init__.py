"""Compensation awards: the award policy, the calculation by heads of loss, recommendation,
approval by four (or six) eyes, and the instalments an approved award is paid in."""
