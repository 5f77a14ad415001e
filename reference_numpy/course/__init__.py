"""The course's own functions, names and signatures, one module per assignment, as thin wrappers over the core.

- week2     Logistic Regression with a Neural Network mindset (v6a; 2021 where noted)
- week3     Planar data classification with one hidden layer (v6c seeding by default; 2021 by keyword)
- week4     Building your Deep Neural Network: Step by Step (v8a = 2021)
- week4_app Deep Neural Network: Application (v8 by default; 2021 by keyword)
- c2w1_initialization, c2w1_regularization, c2w1_gradient_checking   course 2 week 1 (COURSE2_FIXTURES.md, 2021)
- c2w2_optimization  course 2, week 2: Optimization Methods (2021; COURSE2_FIXTURES.md section 4)

Import the module of the assignment you work on (`from reference_numpy.course import week3`): the same course
name (initialize_parameters, predict, compute_cost ...) means different things in different weeks.
The math lives in the core (reference_numpy.forward, backward, cost, update, activations, initializers); these
modules only translate the course's shapes, caches, seeding and printed lines. See COURSE_FIXTURES.md.
"""
