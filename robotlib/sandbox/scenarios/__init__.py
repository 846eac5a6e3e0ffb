"""What is wrong with each synthetic application, and the case built to show it."""
